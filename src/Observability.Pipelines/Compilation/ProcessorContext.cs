using Observability.Pipelines.Conditions;
using Observability.Pipelines.Grok;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines.Compilation;

/// <summary>What processor factories may use while compiling: time, conditions, the grok library, the redactor.</summary>
public sealed record ProcessorContext(
    TimeProvider Time,
    IConditionCompiler Conditions,
    GrokPatternLibrary Grok,
    SecretRedactor Redactor)
{
    public static ProcessorContext Default(TimeProvider? time = null) =>
        new(time ?? TimeProvider.System, new KqlConditionCompiler(), GrokPatternLibrary.Standard, SecretRedactor.Default);
}
