using Observability.Core.Documents;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Commands.Search;

/// <summary>
/// <c>obs tail</c>: prints the last few matches, then polls for new ones. Documents can arrive late (ingest
/// lag, clock skew between hosts), so each poll looks back <see cref="Lookback"/> before the newest timestamp
/// seen and drops ids it already printed.
/// </summary>
/// <remarks>Each new hit goes to <paramref name="emit"/>: the terminal's <see cref="HitPrinter"/>, or the web console's event stream.</remarks>
internal sealed class TailLoop(ISearchStore store, string query, string dataStreamType, Action<EcsDocument> emit, TimeProvider time)
{
    public TimeSpan Lookback { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Zone of the query's dates without an offset (see <see cref="SearchRequest.TimeZone"/>); null for the store's default.</summary>
    public string? TimeZone { get; init; }

    public int PageSize { get; init; } = 500;

    public async Task RunAsync(int initialLines, CancellationToken ct)
    {
        var seen = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var newest = time.GetUtcNow() - Lookback;
        if (initialLines > 0)
        {
            var last = await store.SearchAsync(new SearchRequest(query, Limit: initialLines, DataStreamType: dataStreamType, Sort: "-@timestamp", TimeZone: TimeZone), ct);
            foreach (var hit in last.Hits.Reverse())
            {
                Emit(hit, seen, ref newest);
            }
        }

        using var timer = new PeriodicTimer(PollInterval, time);
        while (await timer.WaitForNextTickAsync(ct))
        {
            var from = newest - Lookback;
            string? cursor = null;
            do
            {
                var page = await store.SearchAsync(new SearchRequest(query, From: from, Limit: PageSize, DataStreamType: dataStreamType, Sort: "@timestamp", SearchAfter: cursor, TimeZone: TimeZone), ct);
                foreach (var hit in page.Hits)
                {
                    Emit(hit, seen, ref newest);
                }

                cursor = page.NextPage;
            }
            while (cursor is not null && !ct.IsCancellationRequested);

            // Forget ids that fell out of the look-back window.
            foreach (var id in seen.Where(kv => kv.Value < from).Select(kv => kv.Key).ToList())
            {
                seen.Remove(id);
            }
        }
    }

    private void Emit(EcsDocument hit, Dictionary<string, DateTimeOffset> seen, ref DateTimeOffset newest)
    {
        var ts = hit.Timestamp ?? newest;
        if (hit.Id is { } id && !seen.TryAdd(id, ts))
        {
            return;
        }

        emit(hit);
        if (ts > newest)
        {
            newest = ts;
        }
    }
}
