using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>json</c>: parses a JSON object held in <c>field</c> (default <c>message</c>) and writes its leaves as
/// dotted fields, at the root or under <c>target_field</c>. Input larger than <c>max_bytes</c> (default 1 MiB)
/// or deeper than 64 levels fails rather than being parsed.
/// </summary>
public sealed class JsonProcessor(string field, string? target, bool ignoreMissing, int maxChars) : Processor
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 64 };

    public static Processor Create(ProcessorOptions o, ProcessorContext context) =>
        new JsonProcessor(
            o.GetString("field") ?? EcsFields.Message,
            o.GetString("target_field"),
            o.GetBool("ignore_missing", false),
            o.GetInt("max_bytes", 1 << 20));

    public override StepResult Execute(EcsDocument document)
    {
        if (document.GetString(field) is not { } text)
        {
            return Missing(field, ignoreMissing);
        }

        if (text.Length > maxChars)
        {
            return StepResult.Fail($"field [{field}] is larger than {maxChars} characters");
        }

        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(text, Options);
        }
        catch (JsonException e)
        {
            return StepResult.Fail($"field [{field}] is not valid JSON ({e.Message.Split('.')[0]})");
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return StepResult.Fail($"field [{field}] holds JSON {json.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object");
            }

            Flatten(json.RootElement, target, document);
        }

        return StepResult.Ok;
    }

    private static void Flatten(JsonElement obj, string? prefix, EcsDocument doc)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = prefix is null ? p.Name : string.Concat(prefix, ".", p.Name);
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(p.Value, name, doc);
            }
            else if (EcsJson.ToValue(p.Value, name) is { } v)
            {
                doc.Set(name, v is JsonElement e ? e.GetRawText() : v);
            }
        }
    }
}
