using Observability.Core.Documents;

namespace Observability.Agent.Metrics;

/// <summary>
/// Starts an ECS metric document with what every sample carries: time, host, <c>event.dataset</c> (e.g.
/// <c>system.cpu</c>), <c>metricset.name</c>, <c>data_stream.*</c> (type metrics), agent and a deterministic id from
/// host, dataset, time and the sample's own key (a device, an interface).
/// </summary>
public sealed class MetricDocumentFactory(string hostName, string ns)
{
    public string HostName { get; } = hostName;

    public DateTimeOffset Timestamp { get; set; }

    public EcsDocument Create(string dataset, string? key = null)
    {
        var dot = dataset.IndexOf('.', StringComparison.Ordinal);
        var doc = new EcsDocument(40)
        {
            Timestamp = Timestamp,
            Id = EventIds.FromParts(HostName, dataset, Timestamp.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), key ?? string.Empty),
        };
        doc.Set(EcsFields.HostName, HostName);
        doc.Set(EcsFields.EventDataset, dataset);
        doc.Set("event.module", dot > 0 ? dataset[..dot] : dataset);
        doc.Set(EcsFields.EventKind, "metric");
        doc.Set("metricset.name", dot > 0 ? dataset[(dot + 1)..] : dataset);
        doc.Set(EcsFields.DataStreamType, DataStream.Metrics);
        doc.Set(EcsFields.DataStreamDataset, dataset);
        doc.Set(EcsFields.DataStreamNamespace, ns);
        doc.Set(EcsFields.AgentType, Files.LogEventEncoder.AgentType);
        doc.Set(EcsFields.AgentName, HostName);
        doc.Set(EcsFields.EcsVersion, EcsFields.CurrentEcsVersion);
        return doc;
    }
}
