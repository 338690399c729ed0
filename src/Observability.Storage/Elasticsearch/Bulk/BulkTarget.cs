using Observability.Core.Documents;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>Where one document goes and how: the bulk action, the index or data stream, and the <c>_id</c> (none for TSDS).</summary>
public sealed record BulkTarget(string Action, string Index, string? Id, DataStream? Stream)
{
    /// <summary>The alerts index: alerts change state (firing, resolved), so they are indexed by id, not created once.</summary>
    public const string AlertsIndex = "obs-alerts";

    public const string AlertsType = "alerts";

    /// <summary>
    /// Data streams accept only <c>create</c>; a deterministic <c>_id</c> turns a redelivery into a 409.
    /// Time series data streams derive <c>_id</c> from dimensions and <c>@timestamp</c> and refuse a custom one.
    /// Alerts (<c>data_stream.type: alerts</c> or <c>event.kind: alert</c>) go to <c>obs-alerts</c> with <c>index</c>;
    /// everything else to one of <see cref="ObsDataStreams"/>.
    /// </summary>
    public static BulkTarget For(EcsDocument doc, ElasticsearchOptions options)
    {
        if (doc.GetString(EcsFields.DataStreamType) == AlertsType || doc.GetString(EcsFields.EventKind) == "alert")
        {
            return new BulkTarget("index", AlertsIndex, doc.Id, null);
        }

        var stream = DataStream.For(doc);
        var id = options.IsTimeSeries(stream.Type, stream.Dataset) ? null : doc.Id;
        // The stream's name carries our prefix; the document's data_stream.* stay as sent (the Stream), so a KQL query on
        // data_stream.dataset finds the same documents in Elasticsearch as in the embedded store.
        return new BulkTarget("create", ObsDataStreams.For(stream).Name, id, stream);
    }
}
