using System.Globalization;
using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Query.Evaluation;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>
/// Computes what a Lens XY panel of dashboards/*.ndjson draws from a set of documents, following Lens's semantics for
/// the operations the panels use: the panel's KQL query, a date histogram of a fixed interval, the breakdown (terms or
/// multi-terms, one series per value combination, excluded values left out), each metric per bucket and series
/// (average, max, min, sum, count, unique_count, last_value; counter_rate as the per-second rise of its referenced
/// max between consecutive buckets of the same series, a drop counting as a reset), then the layer's collapseFn.
/// </summary>
internal static class LensPanelEvaluator
{
    /// <summary>One drawn point: a bucket start, the series (empty when collapsed or unsplit), one value per accessor.</summary>
    public sealed record Point(DateTimeOffset Bucket, string Series, IReadOnlyList<double?> Values);

    public static List<Point> Evaluate(JsonObject panel, IReadOnlyList<EcsDocument> docs, TimeSpan interval)
    {
        var state = panel["attributes"]!["state"]!;
        var columns = state["datasourceStates"]!["formBased"]!["layers"]!.AsObject().Single().Value!["columns"]!.AsObject();
        var layer = state["visualization"]!["layers"]![0]!;
        var accessors = layer["accessors"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
        var split = layer["splitAccessor"]?.GetValue<string>() is { } s ? columns[s]!.AsObject() : null;
        var query = state["query"]?["query"]?.GetValue<string>() ?? "";
        var matches = query.Length == 0 ? (_ => true) : KqlEvaluator.Compile(query);

        var grouped = new Dictionary<(long Bucket, string Series), List<EcsDocument>>();
        foreach (var doc in docs.Where(matches))
        {
            var bucket = doc.Timestamp!.Value.ToUnixTimeMilliseconds() / (long)interval.TotalMilliseconds;
            foreach (var series in split is null ? [""] : SeriesOf(doc, split))
            {
                var key = (bucket, series);
                if (!grouped.TryGetValue(key, out var list))
                {
                    grouped[key] = list = [];
                }

                list.Add(doc);
            }
        }

        if (split is not null && layer["collapseFn"] is not null)
        {
            var distinct = grouped.Keys.Select(k => k.Series).Distinct().Count();
            var size = split["params"]!["size"]!.GetValue<int>();
            Assert.True(distinct <= size, $"{panel["attributes"]!["title"]}: {distinct} series for a collapsed breakdown of size {size}: the sum would miss some");
        }

        var values = grouped.ToDictionary(g => g.Key, g => accessors.Select(a => Metric(columns, a, g.Value, g.Key, grouped, interval)).ToList());
        var points = values.Select(v => new Point(DateTimeOffset.FromUnixTimeMilliseconds(v.Key.Bucket * (long)interval.TotalMilliseconds), v.Key.Series, v.Value)).ToList();
        if (layer["collapseFn"]?.GetValue<string>() == "sum")
        {
            points = [.. points.GroupBy(p => p.Bucket).Select(b => new Point(b.Key, "", [.. accessors.Select((_, i) =>
                b.Select(p => p.Values[i]).Where(x => x is not null).ToList() is { Count: > 0 } present ? present.Sum() : (double?)null)]))];
        }

        return [.. points.OrderBy(p => p.Bucket).ThenBy(p => p.Series, StringComparer.Ordinal)];
    }

    private static IEnumerable<string> SeriesOf(EcsDocument doc, JsonObject terms)
    {
        var fields = new[] { terms["sourceField"]!.GetValue<string>() }
            .Concat((terms["params"]!["secondaryFields"] as JsonArray ?? []).Select(f => f!.GetValue<string>())).ToList();
        var exclude = (terms["params"]!["exclude"] as JsonArray ?? []).Select(e => e!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> combos = [""];
        foreach (var field in fields)
        {
            var fieldValues = Strings(doc[field]).Where(v => !exclude.Contains(v)).ToList();
            combos = combos.SelectMany(c => fieldValues.Select(v => c.Length == 0 ? v : $"{c} › {v}")).ToList();
        }

        return combos;
    }

    private static IEnumerable<string> Strings(object? value) => value switch
    {
        null => [],
        string s => [s],
        IEnumerable<object> list => list.SelectMany(Strings),
        IFormattable f => [f.ToString(null, CultureInfo.InvariantCulture)],
        _ => [value.ToString()!],
    };

    private static double? Metric(JsonObject columns, string id, List<EcsDocument> docs, (long Bucket, string Series) key,
        Dictionary<(long Bucket, string Series), List<EcsDocument>> grouped, TimeSpan interval)
    {
        var column = columns[id]!;
        var op = column["operationType"]!.GetValue<string>();
        if (op == "counter_rate")
        {
            var baseId = column["references"]![0]!.GetValue<string>();
            if (!grouped.TryGetValue((key.Bucket - 1, key.Series), out var before))
            {
                return null;
            }

            var now = Metric(columns, baseId, docs, key, grouped, interval);
            var then = Metric(columns, baseId, before, (key.Bucket - 1, key.Series), grouped, interval);
            return now is null || then is null ? null : (now < then ? now : now - then) / interval.TotalSeconds;
        }

        if (column["filter"]?["query"]?.GetValue<string>() is { Length: > 0 } kql)
        {
            docs = [.. docs.Where(KqlEvaluator.Compile(kql))];
        }

        var field = column["sourceField"]?.GetValue<string>() ?? "";
        var numbers = docs.Select(d => d.GetDouble(field)).Where(x => x is not null).Select(x => x!.Value).ToList();
        return op switch
        {
            "count" => docs.Count,
            "unique_count" => docs.SelectMany(d => Strings(d[field])).Distinct().Count(),
            "average" => numbers.Count == 0 ? null : numbers.Average(),
            "max" => numbers.Count == 0 ? null : numbers.Max(),
            "min" => numbers.Count == 0 ? null : numbers.Min(),
            "sum" => numbers.Count == 0 ? null : numbers.Sum(),
            "last_value" => docs.Where(d => d.GetDouble(field) is not null).MaxBy(d => d.Timestamp)?.GetDouble(field),
            _ => throw new NotSupportedException($"Lens operation {op}"),
        };
    }
}
