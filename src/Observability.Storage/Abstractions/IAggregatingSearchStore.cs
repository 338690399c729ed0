namespace Observability.Storage.Abstractions;

/// <summary>
/// A search store that can also count: hits per time interval (Kibana's histogram over the hits) and the most
/// frequent values of a field (Discover's field "top 5"). The request's query, time range and data stream
/// select the documents; its sort, limit, fields and cursor are ignored.
/// </summary>
public interface IAggregatingSearchStore : ISearchStore
{
    /// <summary>Hit counts per <paramref name="interval"/>, oldest first, empty intervals between the first and last (or From/To) included.</summary>
    Task<IReadOnlyList<HistogramBucket>> HistogramAsync(SearchRequest request, TimeSpan interval, CancellationToken cancellationToken);

    /// <summary>The <paramref name="size"/> most frequent values of <paramref name="field"/> among the hits (each array element counts).</summary>
    Task<TopValues> TopValuesAsync(SearchRequest request, string field, int size, CancellationToken cancellationToken);
}
