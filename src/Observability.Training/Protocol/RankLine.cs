using System.Text.Json;
using Observability.Training.Scheduling;

namespace Observability.Training.Protocol;

/// <summary>
/// One line of a rank process's stdout (JSON): its progress, checkpoints, final summary, log records and telemetry
/// documents, which the worker relays to the scheduler and into the pipeline. Lines that are not JSON are kept as
/// plain log text.
/// </summary>
public sealed class RankLine
{
    public const string Started = "started";
    public const string Progress = "progress";
    public const string Checkpoint = "checkpoint";
    public const string Summary = "summary";
    public const string Log = "log";
    public const string Document = "doc";

    public string Kind { get; set; } = "";
    public long Step { get; set; }
    public long TotalSteps { get; set; }
    public double? Loss { get; set; }
    public long CheckpointStep { get; set; }

    /// <summary>For <see cref="Document"/>: the topic (obs.traces, obs.metrics, obs.logs) and the ECS JSON.</summary>
    public string? Topic { get; set; }

    public JsonElement? Doc { get; set; }
    public RankSummary? Result { get; set; }
    public string? Level { get; set; }
    public string? Message { get; set; }
}
