using System.Globalization;
using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Query.Kql;
using Observability.Query.Time;
using Observability.Storage.Abstractions;

namespace Observability.Storage.DuckDb;

/// <summary>
/// KQL search over the embedded DuckDB store: time range on <c>ts</c> (zone maps prune row groups), any sort
/// with the id as tie-breaker, <c>search_after</c> paging, field projection, exact totals, histograms and top
/// values. Every value reaches DuckDB as a parameter (<see cref="DuckDbKql"/>).
/// </summary>
public sealed partial class DuckDbSearchStore : IAggregatingSearchStore, IDisposable
{
    /// <summary>Largest page a caller may ask for.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>
    /// A search (not a count) counts hits exactly up to this many and then reports a lower bound, as
    /// Elasticsearch does with its default <c>track_total_hits</c>: counting every match of a frequent term
    /// would cost a full scan that a page of newest hits does not need.
    /// </summary>
    public int TotalHitsLimit { get; init; } = 10_000;

    private readonly Func<DuckDBConnection> _open;
    private readonly DuckDBConnection? _owned;
    private readonly SemaphoreSlim _ownedLock = new(1, 1);
    private readonly KqlOptions _kql;
    private readonly Dictionary<string, (IReadOnlyCollection<string> Fields, DateTimeOffset At)> _catalogs = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    /// <summary>Searches through read connections of a store this process owns (e.g. inside <c>obs up</c>).</summary>
    public DuckDbSearchStore(DuckDbStore store, KqlOptions? kql = null, TimeProvider? time = null)
    {
        _open = store.OpenReadConnection;
        _kql = kql ?? KqlOptions.Default;
        _time = time ?? _kql.Time;
    }

    private DuckDbSearchStore(DuckDBConnection owned, KqlOptions? kql, TimeProvider? time)
    {
        _owned = owned;
        _open = () => owned;
        _kql = kql ?? KqlOptions.Default;
        _time = time ?? _kql.Time;
    }

    /// <summary>
    /// Opens a database file for searching. Read-only by default, which DuckDB allows only while no other
    /// process has it open for writing (when <c>obs up</c> runs, search through its query API instead).
    /// </summary>
    public static DuckDbSearchStore OpenFile(string databasePath, bool readOnly = true, KqlOptions? kql = null, TimeProvider? time = null)
    {
        if (!File.Exists(databasePath))
        {
            throw new FileNotFoundException($"no store at {databasePath} (run `obs up` first, or pass --data DIR)", databasePath);
        }

        var connection = new DuckDBConnection($"Data Source={Path.GetFullPath(databasePath)}{(readOnly ? ";ACCESS_MODE=READ_ONLY" : string.Empty)}");
        try
        {
            connection.Open();
        }
        catch (DuckDBException e) when (DuckDbFileLock.IsConflict(e))
        {
            connection.Dispose();
            throw DuckDbFileLock.InUse(databasePath, e);
        }

        return new DuckDbSearchStore(connection, kql, time);
    }

    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken)
    {
        var limit = Math.Clamp(request.Limit, 0, MaxLimit);
        return await WithConnection(c =>
        {
            var table = DuckDbSchema.TableFor(request.DataStreamType);
            var filter = BuildFilter(c, request, table);
            if (request.CountOnly)
            {
                return new SearchResult(Count(c, filter, table, cap: null, cancellationToken), []);
            }

            var total = Count(c, filter, table, TotalHitsLimit, cancellationToken);
            var lowerBound = total > TotalHitsLimit;
            total = Math.Min(total, TotalHitsLimit);
            if (limit == 0)
            {
                return new SearchResult(total, [], null, lowerBound);
            }

            var sort = DuckDbSortKey.Parse(request.Sort, table, _kql);
            var sql = new DuckDbSql(filter);
            var sortExpr = sort.PathParameter is null ? sort.Expression : sort.Expression.Replace("{path}", sql.Add(sort.PathParameter), StringComparison.Ordinal);
            var where = filter.Where;
            if (request.SearchAfter is { } after)
            {
                where += " AND " + AfterCondition(DuckDbSearchCursor.Decode(after), sort, sortExpr, sql);
            }

            var direction = sort.Descending ? "DESC" : "ASC";
            sql.Text = $"SELECT {DuckDbSchema.IdColumn}, {sortExpr} AS sort_value, {DuckDbSchema.TimestampColumn} FROM {table} WHERE {where} " +
                $"ORDER BY sort_value {direction} NULLS LAST, {DuckDbSchema.IdColumn} {direction} LIMIT {sql.Add((long)limit + 1)}";

            // Phase 1 sorts narrow rows (id, sort value, ts); phase 2 reads the documents of the page only.
            var page = new List<(string Id, string? SortValue, DateTimeOffset Ts)>(Math.Min(limit + 1, 1024));
            using (var cmd = sql.Command(c))
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    page.Add((reader.GetString(0), DuckDbSortKey.ToCursorValue(reader.IsDBNull(1) ? null : reader.GetValue(1)), AsTimestamp(reader.GetValue(2))));
                }
            }

            string? next = null;
            if (page.Count > limit)
            {
                page.RemoveAt(page.Count - 1);
                var last = page[^1];
                next = new DuckDbSearchCursor(sort.Field + (sort.Descending ? ":desc" : ":asc"), last.SortValue, last.Id).Encode();
            }

            var docs = FetchDocuments(c, table, page, cancellationToken);
            var hits = new List<EcsDocument>(page.Count);
            foreach (var (id, _, _) in page)
            {
                if (docs.TryGetValue(id, out var doc))
                {
                    hits.Add(Project(doc, request.Fields));
                }
            }

            return new SearchResult(total, hits, next, lowerBound);
        }, cancellationToken);
    }

    /// <summary>
    /// The documents of one page by id. The page's timestamps bound the scan, so DuckDB's zone maps on
    /// <c>ts</c> skip every row group outside it (with the default sort, a page spans a few row groups).
    /// </summary>
    private static Dictionary<string, EcsDocument> FetchDocuments(DuckDBConnection c, string table, List<(string Id, string? SortValue, DateTimeOffset Ts)> page, CancellationToken ct)
    {
        var docs = new Dictionary<string, EcsDocument>(page.Count, StringComparer.Ordinal);
        foreach (var chunk in page.Chunk(1000))
        {
            ct.ThrowIfCancellationRequested();
            var sql = new DuckDbSql(new DuckDbFilter("true", []));
            var min = sql.Add(chunk.Min(p => p.Ts));
            var max = sql.Add(chunk.Max(p => p.Ts));
            var ids = string.Join(", ", chunk.Select(p => sql.Add(p.Id)));
            sql.Text = $"SELECT {DuckDbSchema.IdColumn}, {DuckDbSchema.DocColumn} FROM {table} WHERE {DuckDbSchema.TimestampColumn} >= {min} AND {DuckDbSchema.TimestampColumn} <= {max} AND {DuckDbSchema.IdColumn} IN ({ids})";
            using var cmd = sql.Command(c);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                var doc = EcsJson.Parse(reader.GetString(1));
                var id = reader.GetString(0);
                doc.Id ??= id;
                docs[id] = doc;
            }
        }

        return docs;
    }

    private static DateTimeOffset AsTimestamp(object value) => value switch
    {
        DateTimeOffset t => t,
        DateTime t => new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)),
        _ => throw new InvalidOperationException($"unexpected timestamp value {value}"),
    };

    /// <summary>Drops the cached field list so that new fields become visible to field-name patterns.</summary>
    public void InvalidateFieldCatalog()
    {
        lock (_catalogs)
        {
            _catalogs.Clear();
        }
    }

    private DuckDbFilter BuildFilter(DuckDBConnection c, SearchRequest request, string table)
    {
        var query = KqlParser.Parse(request.Query ?? string.Empty);
        var known = NeedsCatalog(query.Root) ? Catalog(c, table) : null;
        var kql = request.TimeZone is { } zone ? _kql.WithTimeZone(ZonedTime.FindZone(zone)) : _kql;
        var fragment = DuckDbKql.Translate(query, table, known, kql);
        var parameters = fragment.Parameters.ToList();
        var where = fragment.Where;
        if (request.From is { } from)
        {
            parameters.Add(from);
            where = $"{DuckDbSchema.TimestampColumn} >= ${parameters.Count} AND ({where})";
        }

        if (request.To is { } to)
        {
            parameters.Add(to);
            where = $"{DuckDbSchema.TimestampColumn} <= ${parameters.Count} AND ({where})";
        }

        return new DuckDbFilter(where, parameters);
    }

    private IReadOnlyCollection<string> Catalog(DuckDBConnection c, string table)
    {
        lock (_catalogs)
        {
            var now = _time.GetUtcNow();
            if (_catalogs.TryGetValue(table, out var cached) && now - cached.At < TimeSpan.FromMinutes(1))
            {
                return cached.Fields;
            }

            var fields = DuckDbFieldCatalog.Load(c, table);
            _catalogs[table] = (fields, now);
            return fields;
        }
    }

    private static bool NeedsCatalog(KqlNode? node) => node switch
    {
        KqlMatch m => m.IsFieldPattern,
        KqlExists e => e.IsFieldPattern,
        KqlRange r => r.IsFieldPattern,
        KqlAnd a => a.Clauses.Any(NeedsCatalog),
        KqlOr o => o.Clauses.Any(NeedsCatalog),
        KqlNot n => NeedsCatalog(n.Inner),
        _ => false,
    };

    /// <summary>Matching rows; with a cap, counting stops at cap + 1 (so "more than cap" is known).</summary>
    private static long Count(DuckDBConnection c, DuckDbFilter filter, string table, int? cap, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var sql = new DuckDbSql(filter);
        sql.Text = cap is { } n
            ? $"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {filter.Where} LIMIT {sql.Add((long)n + 1)})"
            : $"SELECT count(*) FROM {table} WHERE {filter.Where}";
        using var cmd = sql.Command(c);
        return Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string AfterCondition(DuckDbSearchCursor cursor, DuckDbSortKey sort, string sortExpr, DuckDbSql sql)
    {
        var expected = sort.Field + (sort.Descending ? ":desc" : ":asc");
        if (!string.Equals(cursor.Sort, expected, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the cursor was made for sort '{cursor.Sort}', not '{expected}'");
        }

        var op = sort.Descending ? "<" : ">";
        var id = sql.Add(cursor.Id);
        if (cursor.Value is null)
        {
            // NULLS LAST: after a null sort value come only further nulls, by id.
            return $"({sortExpr} IS NULL AND {DuckDbSchema.IdColumn} {op} {id})";
        }

        var v = sql.Add(sort.FromCursorValue(cursor.Value));
        return $"({sortExpr} {op} {v} OR ({sortExpr} = {v} AND {DuckDbSchema.IdColumn} {op} {id}) OR {sortExpr} IS NULL)";
    }

    private static EcsDocument Project(EcsDocument doc, IReadOnlyList<string>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return doc;
        }

        var projected = new EcsDocument(fields.Count + 2);
        projected.Id = doc.Id;
        projected.Timestamp = doc.Timestamp;
        foreach (var (name, value) in doc.Fields)
        {
            if (fields.Any(f => KqlFieldNames.Matches(f, name) || name.StartsWith(f + ".", StringComparison.Ordinal)))
            {
                projected.Set(name, value);
            }
        }

        return projected;
    }

    private async Task<T> WithConnection<T>(Func<DuckDBConnection, T> work, CancellationToken ct)
    {
        if (_owned is not null)
        {
            await _ownedLock.WaitAsync(ct);
            try
            {
                Prepare(_owned);
                return await Task.Run(() => work(_owned), ct);
            }
            finally
            {
                _ownedLock.Release();
            }
        }

        return await Task.Run(() =>
        {
            using var c = _open();
            Prepare(c);
            return work(c);
        }, ct);
    }

    private static void Prepare(DuckDBConnection c)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SET TimeZone = 'UTC'";
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _owned?.Dispose();
        _ownedLock.Dispose();
    }
}
