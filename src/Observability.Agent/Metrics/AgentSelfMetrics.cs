using Observability.Agent.Files;
using Observability.Core.Documents;
using Observability.Core.Telemetry;

namespace Observability.Agent.Metrics;

/// <summary>
/// The agent's own metrics (<c>agent.monitoring</c>): events read / sent / spooled / dropped, and bytes behind per
/// file (<c>agent.file</c>), so a lagging or lossy agent shows up on the same dashboards as the nodes. Events the spool
/// dead-lettered or dropped on replay count in the same <c>events.dead_lettered</c> / <c>events.dropped</c> totals.
/// </summary>
public sealed class AgentSelfMetrics(
    Func<ComponentTelemetry?> stats,
    Func<IReadOnlyList<FileProgress>> files,
    Func<(long Spooled, long Replayed, long Bytes, long DeadLettered, long Dropped)>? spool = null) : IMetricSource
{
    public string Dataset => "agent.monitoring";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        var d = factory.Create(Dataset);
        var sp = spool?.Invoke();
        if (stats() is { } s)
        {
            // Filebeat-style names, kept as they were before the agent counted through Core.Telemetry (dashboards, reports).
            d.Set("agent.monitoring.files.watched", s.Value("files_watched"));
            d.Set("agent.monitoring.files.open", s.Value("files_open"));
            d.Set("agent.monitoring.events.read", s.Value(TelemetryNames.Received));
            d.Set("agent.monitoring.events.sent", s.Value(TelemetryNames.Sent));
            d.Set("agent.monitoring.events.dropped", s.Value(TelemetryNames.Failed, "refused") + (sp?.Dropped ?? 0));
            d.Set("agent.monitoring.events.dead_lettered", s.Value(TelemetryNames.Failed, "dead_letter") + (sp?.DeadLettered ?? 0));
            d.Set("agent.monitoring.events.truncated", s.Value("truncated"));
            d.Set("agent.monitoring.events.invalid_utf8", s.Value("invalid_utf8"));
            d.Set("agent.monitoring.bytes.read", s.Value("received_bytes"));
            d.Set("agent.monitoring.bytes.behind", s.Value("bytes_behind"));
            d.Set("agent.monitoring.send.failures", s.Value(TelemetryNames.Retries));
        }

        if (sp is { } spooled)
        {
            d.Set("agent.monitoring.events.spooled", spooled.Spooled);
            d.Set("agent.monitoring.events.replayed", spooled.Replayed);
            d.Set("agent.monitoring.spool.bytes", spooled.Bytes);
        }

        using var self = System.Diagnostics.Process.GetCurrentProcess();
        d.Set("agent.monitoring.memory.rss.bytes", self.WorkingSet64);
        d.Set("agent.monitoring.cpu.total.seconds", Math.Round(self.TotalProcessorTime.TotalSeconds, 3));
        docs.Add(d);

        foreach (var f in files())
        {
            var fd = factory.Create("agent.file", f.Id);
            fd.Set(EcsFields.LogFilePath, f.Path);
            fd.Set("agent.file.size.bytes", f.Size);
            fd.Set("agent.file.read.offset", f.ReadOffset);
            fd.Set("agent.file.acked.offset", f.AckedOffset);
            fd.Set("agent.file.behind.bytes", f.BytesBehind);
            docs.Add(fd);
        }

        return docs;
    }
}
