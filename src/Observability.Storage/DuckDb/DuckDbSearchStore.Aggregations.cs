using System.Globalization;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;

namespace Observability.Storage.DuckDb;

/// <summary>Histograms (with empty buckets filled in) and a field's most frequent values, over the same filter as a search.</summary>
public sealed partial class DuckDbSearchStore
{
    public async Task<IReadOnlyList<HistogramBucket>> HistogramAsync(SearchRequest request, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(interval), "the interval must be positive");
        }

        var micros = (long)(interval.Ticks / 10);
        return await WithConnection(c =>
        {
            var table = DuckDbSchema.TableFor(request.DataStreamType);
            var filter = BuildFilter(c, request, table);
            var sql = new DuckDbSql(filter);
            var width = sql.Add(micros);
            sql.Text = $"SELECT (epoch_us({DuckDbSchema.TimestampColumn}) // {width}) * {width} AS bucket, count(*) FROM {table} WHERE {filter.Where} GROUP BY bucket ORDER BY bucket";
            var counts = new SortedDictionary<long, long>();
            using (var cmd = sql.Command(c))
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    counts[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
                }
            }

            return FillGaps(counts, micros, request.From, request.To);
        }, cancellationToken);
    }

    public async Task<TopValues> TopValuesAsync(SearchRequest request, string field, int size, CancellationToken cancellationToken)
    {
        if (!KqlFieldNames.IsValid(field) || field.Contains('*', StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{field}' is not a field name", nameof(field));
        }

        size = Math.Clamp(size, 1, 1000);
        return await WithConnection(c =>
        {
            var table = DuckDbSchema.TableFor(request.DataStreamType);
            var filter = BuildFilter(c, request, table);
            var sql = new DuckDbSql(filter);
            string values;
            if (DuckDbSchemaColumnMap.For(table).TryGetColumn(field, out var column))
            {
                values = $"SELECT CAST(\"{column.Name}\" AS VARCHAR) AS v FROM {table} WHERE {filter.Where}";
            }
            else
            {
                var path = sql.Add(Query.DuckDb.DuckDbSqlTranslator.JsonPath(field));
                var elements = sql.Add(Query.DuckDb.DuckDbSqlTranslator.JsonPath(field) + "[*]");
                values = $"SELECT unnest(CASE json_type(doc, {path}) WHEN 'ARRAY' THEN json_extract_string(doc, {elements}) WHEN 'OBJECT' THEN []::VARCHAR[] ELSE [json_extract_string(doc, {path})] END) AS v FROM {table} WHERE {filter.Where}";
            }

            // One pass: per-value counts plus the grand total over all values (window over the grouped rows).
            sql.Text = $"SELECT v, count(*) AS n, CAST(sum(count(*)) OVER () AS BIGINT) AS total FROM ({values}) WHERE v IS NOT NULL GROUP BY v ORDER BY n DESC, v LIMIT {sql.Add((long)size)}";
            var buckets = new List<TermBucket>();
            long totalValues = 0;
            using (var cmd = sql.Command(c))
            using (var reader = cmd.ExecuteReader())
            {
                while (reader.Read())
                {
                    buckets.Add(new TermBucket(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture)));
                    totalValues = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
                }
            }

            return new TopValues(field, buckets, totalValues, totalValues - buckets.Sum(b => b.Count));
        }, cancellationToken);
    }

    private static List<HistogramBucket> FillGaps(SortedDictionary<long, long> counts, long width, DateTimeOffset? from, DateTimeOffset? to)
    {
        static long Floor(long us, long w) => (long)Math.Floor((double)us / w) * w;
        long? first = from is { } f ? Floor(f.ToUnixTimeMilliseconds() * 1000, width) : counts.Count > 0 ? counts.Keys.First() : null;
        long? last = to is { } t ? Floor(t.ToUnixTimeMilliseconds() * 1000, width) : counts.Count > 0 ? counts.Keys.Last() : null;
        var buckets = new List<HistogramBucket>();
        if (first is null || last is null)
        {
            return buckets;
        }

        // Cap the number of empty buckets drawn for absurd ranges (e.g. --histogram 1s over a year).
        if ((last.Value - first.Value) / width > 100_000)
        {
            return counts.Select(kv => new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(kv.Key / 1000), kv.Value)).ToList();
        }

        for (var b = first.Value; b <= last.Value; b += width)
        {
            buckets.Add(new HistogramBucket(DateTimeOffset.FromUnixTimeMilliseconds(b / 1000), counts.GetValueOrDefault(b)));
        }

        return buckets;
    }
}
