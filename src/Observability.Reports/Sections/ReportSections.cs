using Observability.Reports.DuckDb;
using Observability.Reports.Elasticsearch;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch.Http;

namespace Observability.Reports.Sections;

/// <summary>The one place that picks a report back end: Elasticsearch when the documents are there, else the embedded store.</summary>
public static class ReportSections
{
    /// <param name="store">
    /// The embedded store: the documents in embedded mode; in both modes where the detector keeps alerts and the indexer
    /// keeps dead letters.
    /// </param>
    /// <param name="elasticsearch">Set when the documents are in Elasticsearch (<c>obs up --es</c>, <c>obs report run --es</c>).</param>
    public static IReportSections Create(DuckDbStore store, ElasticsearchConnection? elasticsearch = null)
    {
        var embedded = new DuckDbReportSections(store);
        return elasticsearch is null ? embedded : new EsReportSections(new EsReportClient(elasticsearch), embedded);
    }
}
