using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Observability.Training.Telemetry;

/// <summary>The ActivitySource and Meter names of the training stack, and the span names they emit.</summary>
public static class TrainingTelemetry
{
    public const string SourceName = "Observability.Training";
    public const string MeterName = "Observability.Training";
    public const string SchedulerMeterName = "Observability.Training.Scheduler";

    public const string SubmitSpan = "train.job.submit";
    public const string QueueWaitSpan = "train.job.queue_wait";
    public const string PlacementSpan = "train.job.placement";
    public const string RankSpan = "train.rank.run";
    public const string EpochSpan = "train.epoch";
    public const string StepSpan = "train.step";
    public const string CheckpointSpan = "train.checkpoint";
    public const string CheckpointRestoreSpan = "train.checkpoint.restore";
    public const string RendezvousSpan = "train.rendezvous";

    public const string JobIdTag = "training.job.id";
    public const string RankTag = "training.rank";
    public const string AttemptTag = "training.attempt";

    public static ActivitySource Source { get; } = new(SourceName, "1.0");

    public static Meter Meter { get; } = new(MeterName, "1.0");

    /// <summary>The parent context carried by a W3C traceparent string; default when absent or malformed.</summary>
    public static ActivityContext ParentFrom(string? traceParent) =>
        traceParent is not null && ActivityContext.TryParse(traceParent, null, out var ctx) ? ctx : default;

    public static string? TraceParentOf(Activity? activity) => activity?.Id is { } id && activity.IdFormat == ActivityIdFormat.W3C ? id : null;
}
