using Observability.Core.Documents;
using Observability.Pipelines.Compilation;

namespace Observability.Pipelines.Processors;

/// <summary>
/// One processor, built once from its options (patterns compiled, templates parsed) and then run on
/// every event. Bad data is a <see cref="StepResult.Fail"/>, never an exception; the step that runs it
/// still guards against exceptions so one bad event cannot stop the indexer.
/// </summary>
public abstract class Processor
{
    public abstract StepResult Execute(EcsDocument document);

    /// <summary>For a processor with <c>ignore_missing</c>: ok when allowed, else a failure naming the field.</summary>
    protected static StepResult Missing(string field, bool ignoreMissing) =>
        ignoreMissing ? StepResult.Ok : StepResult.Fail($"field [{field}] not present");
}
