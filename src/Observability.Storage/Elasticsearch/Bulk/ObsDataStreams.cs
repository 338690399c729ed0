using Observability.Core.Documents;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>
/// Our data streams on a cluster we may share with Fleet, APM and OpenTelemetry: the dataset part of every stream name
/// starts with <see cref="DatasetPrefix"/> (<c>logs-obs.app-default</c>, <c>metrics-obs.gpu.device-default</c>), so our
/// index templates match <c>logs-obs.*-*</c> and never another product's <c>logs-*-*</c> streams (Fleet's
/// <c>metrics-system.cpu-*</c>, APM's <c>traces-apm-*</c>, OTel's <c>logs-*.otel-*</c>), whatever the priorities.
/// The documents' <c>data_stream.*</c> and <c>event.dataset</c> stay as sent (a constant per stream, which is all
/// Elasticsearch requires of <c>data_stream.dataset</c>), so the same KQL finds the same documents here as in the
/// embedded store; only the stream's name carries the prefix.
/// </summary>
public static class ObsDataStreams
{
    public const string DatasetPrefix = "obs.";

    /// <summary>The stream a document goes to in Elasticsearch.</summary>
    public static DataStream For(DataStream stream) => stream with { Dataset = DatasetPrefix + stream.Dataset };

    /// <summary>Every one of our streams of a type: <c>logs-obs.*-*</c>.</summary>
    public static string Pattern(string type) => $"{type}-{DatasetPrefix}*-*";

    /// <summary>Our streams of several types, comma-separated as a search target.</summary>
    public static string Targets(params string[] types) => string.Join(',', types.Select(Pattern));
}
