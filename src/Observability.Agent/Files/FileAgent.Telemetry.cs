using Observability.Core.Telemetry;

namespace Observability.Agent.Files;

public sealed partial class FileAgent
{
    /// <summary>
    /// The file input's own figures on meter <c>Observability.Agent</c>, safe to read from any thread while the agent runs
    /// (the status line, the agent's metrics documents, tests): lines <c>received</c> and <c>received_bytes</c>, events
    /// <c>sent</c> (acknowledged by the producer, or durably spooled when the spool wraps it), <c>failed{refused}</c>
    /// (refused for good with no dead-letter topic), <c>failed{dead_letter}</c> (refused for good, dead-lettered instead),
    /// <c>dropped{skipped_line}</c> (empty, only NUL bytes, the rest of an over-long line), <c>retries</c> (failed sends,
    /// sent again), <c>truncated</c>, <c>invalid_utf8</c>, <c>read_errors</c>, <c>rotations</c>, <c>truncations</c>,
    /// <c>files_resumed</c> (finished after a restart though no glob leads to them), <c>files_lost_unfinished</c> (removed
    /// before they were read to their end), and the gauges <c>files_watched</c>, <c>files_open</c>, <c>bytes_behind</c>
    /// (written but not yet acknowledged, summed over files) and <c>batches_in_flight</c>.
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = CreateTelemetry();

    /// <summary>The file input's figures, all at zero: what <see cref="Metrics.AgentSelfMetrics"/> reads.</summary>
    public static ComponentTelemetry CreateTelemetry()
    {
        var telemetry = new ComponentTelemetry("Agent")
            .With(TelemetryNames.Received).With("received_bytes").With(TelemetryNames.Sent)
            .With(TelemetryNames.Failed, "refused", "dead_letter").With(TelemetryNames.Dropped, "skipped_line").With(TelemetryNames.Retries)
            .With("truncated").With("invalid_utf8").With("read_errors").With("rotations").With("truncations").With("files_resumed").With("files_lost_unfinished");
        foreach (var gauge in (string[])["files_watched", "files_open", "bytes_behind", "batches_in_flight"])
        {
            telemetry.Gauge(gauge);
        }

        return telemetry;
    }

    private void Count(string name, long count = 1) => Telemetry.Counter(name).Add(count);

    private void Level(string name, long value) => Telemetry.Gauge(name).Set(value);
}
