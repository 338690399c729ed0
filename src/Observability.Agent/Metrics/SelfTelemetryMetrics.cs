using Observability.Core.Documents;
using Observability.Core.Telemetry;

namespace Observability.Agent.Metrics;

/// <summary>
/// The stack's own figures as metric documents (<c>event.dataset: obs.self</c>): every <c>Observability.*</c> meter in
/// the process read by a <see cref="TelemetryListener"/> at each sample, one document per component, figure and reason,
/// produced with the node metrics, so <c>obs search 'event.dataset:obs.self'</c> finds how the stack itself is doing.
/// </summary>
public sealed class SelfTelemetryMetrics(string serviceName, Func<string, bool>? includeComponent = null) : IMetricSource, IDisposable
{
    public const string SelfDataset = "obs.self";

    private readonly TelemetryListener _listener = new(includeComponent);

    public string Dataset => SelfDataset;

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        foreach (var r in _listener.Collect())
        {
            var component = r.Component.ToLowerInvariant();
            var d = factory.Create(Dataset, $"{component}/{r.Name}/{r.Reason}");
            d.Set(EcsFields.ServiceName, serviceName);
            d.Set(MetricNames.Component, component);
            d.Set(MetricNames.Name, r.Name);
            if (r.Reason is not null)
            {
                d.Set(MetricNames.Reason, r.Reason);
            }

            d.Set(MetricNames.Kind, r.Kind == TelemetryKind.Gauge ? "gauge" : "counter");
            d.Set(MetricNames.Value, r.Value);
            docs.Add(d);
        }

        return docs;
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>The document's own fields (the template maps them from <see cref="Core.Metrics.MetricCatalog.Self"/>).</summary>
    public static class MetricNames
    {
        public const string Component = "obs.self.component";
        public const string Name = "obs.self.name";
        public const string Reason = "obs.self.reason";
        public const string Kind = "obs.self.kind";
        public const string Value = "obs.self.value";
    }
}
