using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Pipelines.Compilation;

/// <summary>
/// A pipeline compiled once from its definition: condition and processors are delegates and prepared
/// objects, so running it on an event does no parsing of the definition.
/// </summary>
/// <remarks>
/// Failure semantics follow Elasticsearch ingest pipelines: a failing processor with <c>ignore_failure</c>
/// is skipped; one with its own <c>on_failure</c> runs those processors instead (they handle it, and the
/// pipeline goes on); otherwise the event is tagged <c>_pipeline_failure</c> and <c>_&lt;type&gt;_failure</c>
/// with the reason in <c>error.message</c>, the pipeline's <c>on_failure</c> processors run, and the pipeline
/// stops. A failing handler is recorded the same way. The event is always kept unless a handler drops it.
/// </remarks>
public sealed class CompiledPipeline
{
    public const string PipelineFailureTag = "_pipeline_failure";

    /// <summary>Set only while on_failure handlers run: the reason and the type of the processor that failed.</summary>
    public const string FailureMessageField = "_ingest.on_failure_message";

    public const string FailureProcessorField = "_ingest.on_failure_processor_type";

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
            if (step.OnFailure is { } handlers)
            {
                // The processor's own handlers deal with the failure (Elasticsearch semantics): the event is
                // only tagged when a handler fails too. They can read the reason from _ingest.on_failure_message.
                if (RunHandlers(handlers, doc, step, result.Error) == ProcessOutcome.Drop)
                {
                    return ProcessOutcome.Drop;
                }

                continue;
            }

            RecordFailure(doc, step, result.Error);
            return RunHandlers(_onFailure, doc, step, result.Error);
        }

        return ProcessOutcome.Keep;
    }

    private ProcessOutcome RunHandlers(CompiledStep[] handlers, EcsDocument doc, CompiledStep failed, string? error)
    {
        if (handlers.Length == 0)
        {
            return ProcessOutcome.Keep;
        }

        doc.Set(FailureMessageField, error);
        doc.Set(FailureProcessorField, failed.Type);
        try
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
                    break;
                }
            }
        }
        finally
        {
            doc.Remove(FailureMessageField);
            doc.Remove(FailureProcessorField);
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
