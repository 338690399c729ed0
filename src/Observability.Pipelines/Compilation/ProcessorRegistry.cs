using Observability.Pipelines.Definition;
using Observability.Pipelines.Processors;

namespace Observability.Pipelines.Compilation;

/// <summary>The processor types a pipeline may use, by their YAML name.</summary>
public static class ProcessorRegistry
{
    private static readonly Dictionary<string, Func<ProcessorOptions, ProcessorContext, Processor>> Factories = new(StringComparer.Ordinal)
    {
        ["json"] = JsonProcessor.Create,
        ["dissect"] = DissectProcessor.Create,
        ["grok"] = GrokProcessor.Create,
        ["kv"] = KvProcessor.Create,
        ["date"] = DateProcessor.Create,
        ["rename"] = RenameProcessor.Create,
        ["set"] = SetProcessor.Create,
        ["append"] = AppendProcessor.Create,
        ["remove"] = RemoveProcessor.Create,
        ["convert"] = ConvertProcessor.Create,
        ["lowercase"] = (o, _) => CaseProcessor.Create(o, upper: false),
        ["uppercase"] = (o, _) => CaseProcessor.Create(o, upper: true),
        ["redact"] = RedactProcessor.Create,
        ["drop"] = (o, _) => DropProcessor.Create(o),
        ["route"] = RouteProcessor.Create,
        ["message_template"] = MessageTemplateProcessor.Create,
        ["translate"] = TranslateProcessor.Create,
        ["syslog_priority"] = (o, _) => SyslogPriorityProcessor.Create(o),
    };

    public static IEnumerable<string> Types => Factories.Keys;

    public static Processor Create(ProcessorDefinition definition, ProcessorContext context)
    {
        if (!Factories.TryGetValue(definition.Type, out var factory))
        {
            throw definition.Location.Error(definition.Type, $"unknown processor type (known: {string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))})");
        }

        var processor = factory(definition.Options, context);
        definition.Options.EnsureAllUsed();
        return processor;
    }
}
