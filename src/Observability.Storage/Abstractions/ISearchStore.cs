using Observability.Core.Documents;

namespace Observability.Storage.Abstractions;

/// <summary>
/// Reads from a store with KQL, the same on DuckDB, Elasticsearch and the loopback query API of <c>obs up</c>.
/// </summary>
public interface ISearchStore
{
    Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken);
}

/// <param name="Query">KQL; empty means everything.</param>
/// <param name="DataStreamType"><c>logs</c>, <c>metrics</c> or <c>traces</c>.</param>
/// <param name="Sort">Field to sort on, <c>-</c> prefix for descending; default <c>-@timestamp</c>.</param>
/// <param name="SearchAfter">Opaque cursor from <see cref="SearchResult.NextPage"/> for paging beyond the limit.</param>
/// <param name="CountOnly">Only <see cref="SearchResult.Total"/> is needed.</param>
/// <param name="TimeZone">
/// Zone of KQL date values without an offset and of rounding (<c>now/d</c>), as Kibana's <c>dateFormat:tz</c>: an
/// IANA name or an offset (see <c>ZonedTime.FindZone</c>); null for the store's default (UTC).
/// </param>
public sealed record SearchRequest(
    string Query,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Limit = 100,
    string DataStreamType = "logs",
    string? Sort = null,
    IReadOnlyList<string>? Fields = null,
    string? SearchAfter = null,
    bool CountOnly = false,
    string? TimeZone = null);

/// <param name="Total">Hits in all; exact for <see cref="SearchRequest.CountOnly"/>, otherwise possibly a lower bound.</param>
/// <param name="TotalIsLowerBound">
/// True when the store stopped counting at a limit (Elasticsearch's <c>track_total_hits</c>, 10,000 by default,
/// reported as <c>"relation": "gte"</c>): there are at least <see cref="Total"/> hits.
/// </param>
public sealed record SearchResult(long Total, IReadOnlyList<EcsDocument> Hits, string? NextPage = null, bool TotalIsLowerBound = false);
