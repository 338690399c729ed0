using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Pipelines.Compilation;

/// <summary>
/// A pipeline compiled once from its definition: condition and processors are delegates and prepared
/// objects, so running it on an event does no parsing of the definition.
/// </summary>
/// <remarks>
/// Failure semantics follow Elasticsearch ingest pipelines: a failing processor with <c>ignore_failure</c>
/// is skipped; one with its own <c>on_failure</c> runs those processors and the pipeline goes on; otherwise
/// the pipeline's <c>on_failure</c> processors run and the pipeline stops. In every failure the event is
/// kept, tagged <c>_pipeline_failure</c> and <c>_&lt;type&gt;_failure</c>, with the reason in <c>error.message</c>.
/// </remarks>
public sealed class CompiledPipeline
{
    public const string PipelineFailureTag = "_pipeline_failure";

    private readonly CompiledStep[] _steps;
    private readonly CompiledStep[] _onFailure;
    private long _processed;
    private long _failed;
    private long _dropped;

    internal CompiledPipeline(string name, string source, Func<EcsDocument, bool>? condition, CompiledStep[] steps, CompiledStep[] onFailure)
    {
        Name = name;
        Source = source;
        Condition = condition;
        _steps = steps;
        _onFailure = onFailure;
    }

    public string Name { get; }

    public string Source { get; }

    public Func<EcsDocument, bool>? Condition { get; }

    public long Processed => Interlocked.Read(ref _processed);

    public long Failed => Interlocked.Read(ref _failed);

    public long Dropped => Interlocked.Read(ref _dropped);

    public bool Applies(EcsDocument doc) => Condition is null || Condition(doc);

    /// <summary>Runs the processors on the event (the caller has checked <see cref="Applies"/>).</summary>
    public ProcessOutcome Run(EcsDocument doc)
    {
        Interlocked.Increment(ref _processed);
        foreach (var step in _steps)
        {
            var result = step.Run(doc);
            if (result.IsOk)
            {
                continue;
            }

            if (result.Kind == StepKind.Drop)
            {
                Interlocked.Increment(ref _dropped);
                return ProcessOutcome.Drop;
            }

            if (step.IgnoreFailure)
            {
                continue;
            }

            Interlocked.Increment(ref _failed);
            RecordFailure(doc, step, result.Error);
            if (step.OnFailure is { } handlers)
            {
                if (RunHandlers(handlers, doc) == ProcessOutcome.Drop)
                {
                    return ProcessOutcome.Drop;
                }

                continue;
            }

            return RunHandlers(_onFailure, doc);
        }

        return ProcessOutcome.Keep;
    }

    private ProcessOutcome RunHandlers(CompiledStep[] handlers, EcsDocument doc)
    {
        foreach (var handler in handlers)
        {
            var r = handler.Run(doc);
            if (r.Kind == StepKind.Drop)
            {
                Interlocked.Increment(ref _dropped);
                return ProcessOutcome.Drop;
            }

            if (r.Kind == StepKind.Fail && !handler.IgnoreFailure)
            {
                RecordFailure(doc, handler, r.Error);
            }
        }

        return ProcessOutcome.Keep;
    }

    private void RecordFailure(EcsDocument doc, CompiledStep step, string? error)
    {
        doc.Set(EcsFields.ErrorMessage, $"pipeline [{Name}] processor {step.Description}: {error}");
        FieldValues.Append(doc, EcsFields.Tags, PipelineFailureTag);
        FieldValues.Append(doc, EcsFields.Tags, step.FailureTag);
    }
}
