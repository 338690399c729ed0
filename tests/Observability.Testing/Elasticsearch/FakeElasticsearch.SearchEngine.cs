using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Testing.Elasticsearch;

public sealed partial class FakeElasticsearch
{
    /// <summary>
    /// What the fake computes for a search, from the stored documents: the query (<c>bool</c> with
    /// <c>filter</c>/<c>must</c>/<c>must_not</c>/<c>should</c>, <c>range</c> on numbers and dates, <c>term</c> (also <c>case_insensitive</c>), <c>terms</c>,
    /// <c>exists</c>, <c>match_all</c>; other clauses, such as <c>query_string</c>, are not evaluated and match everything) and the aggregations
    /// (<c>terms</c> with <c>missing</c>, <c>filter</c>, <c>date_histogram</c>, <c>histogram</c> (empty buckets left out), <c>min</c>/<c>max</c>/<c>avg</c>/<c>sum</c>, <c>value_count</c>,
    /// <c>cardinality</c>, <c>percentiles</c>), each with sub-aggregations, answered in Elasticsearch's shapes. Dates are
    /// compared as epoch milliseconds (the <c>date</c> type's precision). Percentiles are exact linear-interpolated quantiles,
    /// where Elasticsearch estimates them with a t-digest. Runtime fields: only the reports' agent-lag script is known (by its
    /// meaning, ingested − timestamp in seconds); any other script is refused as unsupported.
    /// </summary>
    public sealed class SearchEngine
    {
        /// <summary>
        /// The one Painless script the fake runs: the reports' agent-lag runtime field (<c>EsFleetQuery.LagScript</c>, which
        /// the reports' parity test holds equal to this text); any other script fails the search.
        /// </summary>
        public const string AgentLagScript =
            "if (doc['event.ingested'].size() > 0 && doc['@timestamp'].size() > 0) { " +
            "emit((doc['event.ingested'].value.toInstant().toEpochMilli() - doc['@timestamp'].value.toInstant().toEpochMilli()) / 1000.0); }";

        private readonly Dictionary<string, Func<JsonObject, double?>> _runtime = new(StringComparer.Ordinal);

        public SearchEngine(JsonObject? runtimeMappings)
        {
            foreach (var (name, definition) in runtimeMappings ?? [])
            {
                var source = definition?["script"]?["source"]?.GetValue<string>();
                _runtime[name] = source == AgentLagScript
                    ? doc => Date(doc, "event.ingested") is { } i && Date(doc, "@timestamp") is { } t ? (i - t) / 1000.0 : null
                    : throw new NotSupportedException($"the fake cannot run the script of runtime field [{name}]");
            }
        }

        public bool Matches(JsonObject doc, JsonNode? query)
        {
            if (query is not JsonObject q || q.Count == 0)
            {
                return true;
            }

            var (kind, body) = q.First();
            return kind switch
            {
                "match_all" or "query_string" => true,
                "bool" => Clauses(body!["filter"]).All(c => Matches(doc, c)) && Clauses(body["must"]).All(c => Matches(doc, c))
                          && !Clauses(body["must_not"]).Any(c => Matches(doc, c))
                          && (body["should"] is null || Clauses(body["should"]).Any(c => Matches(doc, c))),
                "exists" => Values(doc, body!["field"]!.GetValue<string>()).Any(),
                "term" => TermMatches(doc, body!.AsObject().First(), single: true),
                "terms" => TermMatches(doc, body!.AsObject().First(), single: false),
                "range" => RangeMatches(doc, body!.AsObject().First()),
                _ => true, // not evaluated (match, wildcard, …): like query_string, it matches everything

            };
        }

        public JsonObject Aggregate(JsonObject aggregations, IReadOnlyList<JsonObject> docs)
        {
            var result = new JsonObject();
            foreach (var (name, agg) in aggregations)
            {
                var sub = (agg!["aggregations"] ?? agg["aggs"]) as JsonObject;
                var (kind, body) = agg.AsObject().First(p => p.Key is not ("aggregations" or "aggs"));
                JsonObject Bucket(JsonObject b, IReadOnlyList<JsonObject> inBucket)
                {
                    b["doc_count"] = inBucket.Count;
                    foreach (var (k, v) in sub is null ? [] : Aggregate(sub, inBucket))
                    {
                        b[k] = v!.DeepClone();
                    }

                    return b;
                }

                result[name] = kind switch
                {
                    "filter" => Bucket([], [.. docs.Where(d => Matches(d, body))]),
                    "terms" => Terms(body!.AsObject(), docs, Bucket),
                    "date_histogram" => DateHistogram(body!.AsObject(), docs, Bucket),
                    "histogram" => Histogram(body!.AsObject(), docs, Bucket),
                    "range" => RangeBuckets(body!.AsObject(), docs, Bucket),
                    "min" or "max" or "avg" or "sum" => Metric(kind, Numbers(docs, body!["field"]!.GetValue<string>()).ToList()),
                    "value_count" => new JsonObject { ["value"] = (double)docs.Sum(d => Values(d, body!["field"]!.GetValue<string>()).Count()) },
                    "cardinality" => new JsonObject { ["value"] = docs.SelectMany(d => Values(d, body!["field"]!.GetValue<string>())).Select(Key).Distinct().Count() },
                    "percentiles" => Percentiles(body!.AsObject(), Numbers(docs, body!["field"]!.GetValue<string>()).ToList()),
                    _ => throw new NotSupportedException($"the fake does not compute [{kind}] aggregations"),
                };
            }

            return result;
        }

        private static IEnumerable<JsonNode?> Clauses(JsonNode? node) => node switch
        {
            null => [],
            JsonArray a => a,
            _ => [node],
        };

        private bool TermMatches(JsonObject doc, KeyValuePair<string, JsonNode?> clause, bool single)
        {
            var wanted = single
                ? [clause.Value is JsonObject o && o["value"] is { } v ? v : clause.Value]
                : clause.Value!.AsArray().ToList();
            var caseInsensitive = single && clause.Value is JsonObject t && t["case_insensitive"]?.GetValue<bool>() == true;
            var keys = wanted.Select(Key).ToHashSet(caseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
            return Values(doc, clause.Key).Any(v => keys.Contains(Key(v)));
        }

        private bool RangeMatches(JsonObject doc, KeyValuePair<string, JsonNode?> clause)
        {
            var r = clause.Value!.AsObject();
            var epochMillis = r["format"]?.GetValue<string>() == "epoch_millis";
            double Bound(JsonNode n) => n is JsonValue v && v.GetValueKind() == JsonValueKind.String && !epochMillis
                ? DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()
                : n.GetValue<double>();
            return Numbers(doc, clause.Key).Any(x =>
                (r["gte"] is not { } gte || x >= Bound(gte)) && (r["gt"] is not { } gt || x > Bound(gt))
                && (r["lte"] is not { } lte || x <= Bound(lte)) && (r["lt"] is not { } lt || x < Bound(lt)));
        }

        /// <summary>The values of a field in a document: array elements one by one; a runtime field's computed value.</summary>
        private IEnumerable<JsonNode> Values(JsonObject doc, string field)
        {
            if (_runtime.TryGetValue(field, out var compute))
            {
                return compute(doc) is { } d ? [JsonValue.Create(d)] : [];
            }

            return Flatten(doc, null).Where(x => x.Item1 == field && x.Item2 is not null)
                .SelectMany(x => x.Item2 is JsonArray a ? a.Where(e => e is not null).Select(e => e!) : [x.Item2!]);
        }

        /// <summary>Numbers of a field, dates as epoch ms (the <c>date</c> type's precision).</summary>
        private IEnumerable<double> Numbers(JsonObject doc, string field) =>
            Values(doc, field).Select(v => IsDate(field)
                ? (double)DateTimeOffset.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()
                : v.GetValueKind() == JsonValueKind.String ? double.Parse(v.GetValue<string>(), CultureInfo.InvariantCulture) : v.GetValue<double>());

        private IEnumerable<double> Numbers(IReadOnlyList<JsonObject> docs, string field) => docs.SelectMany(d => Numbers(d, field));

        private long? Date(JsonObject doc, string field) => Numbers(doc, field).Select(x => (long?)x).FirstOrDefault();

        private static bool IsDate(string field) => field == "@timestamp" || (Catalog.TryGetValue(field, out var f) && f.Type is "date" or "date_nanos");

        private static string Key(JsonNode? v) => v is JsonValue j && j.GetValueKind() == JsonValueKind.String ? j.GetValue<string>() : v?.ToJsonString() ?? "null";

        private JsonObject Terms(JsonObject t, IReadOnlyList<JsonObject> docs, Func<JsonObject, IReadOnlyList<JsonObject>, JsonObject> bucket)
        {
            var field = t["field"]!.GetValue<string>();
            var size = t["size"]?.GetValue<int>() ?? 10;
            // "missing": documents without the field fall in the bucket of that value.
            IEnumerable<JsonNode> ValuesOrMissing(JsonObject d) =>
                Values(d, field).ToList() is { Count: > 0 } values ? values : t["missing"] is { } missing ? [missing.DeepClone()] : [];
            var groups = docs.SelectMany(d => ValuesOrMissing(d).Select(v => (Value: v, Doc: d)))
                .GroupBy(x => Key(x.Value), StringComparer.Ordinal)
                .Select(g => (g.Key, First: g.First().Value, Docs: (IReadOnlyList<JsonObject>)[.. g.Select(x => x.Doc).Distinct()]))
                .OrderByDescending(g => g.Docs.Count).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
            var buckets = new JsonArray([.. groups.Take(size).Select(g => (JsonNode)bucket(new JsonObject { ["key"] = g.First.DeepClone() }, g.Docs))]);
            return new JsonObject { ["doc_count_error_upper_bound"] = 0, ["sum_other_doc_count"] = groups.Skip(size).Sum(g => g.Docs.Count), ["buckets"] = buckets };
        }

        private JsonObject DateHistogram(JsonObject h, IReadOnlyList<JsonObject> docs, Func<JsonObject, IReadOnlyList<JsonObject>, JsonObject> bucket)
        {
            var step = Millis(h["fixed_interval"]!.GetValue<string>());
            var offset = h["offset"] is { } o ? Millis(o.GetValue<string>().TrimStart('+')) : 0;
            var minDocCount = h["min_doc_count"]?.GetValue<long>() ?? 1;
            long KeyOf(long ts) => (long)(Math.Floor((ts - offset) / (double)step) * step) + offset;
            var byKey = docs.SelectMany(d => Numbers(d, h["field"]!.GetValue<string>()).Select(ts => (Key: KeyOf((long)ts), Doc: d)))
                .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => (IReadOnlyList<JsonObject>)[.. g.Select(x => x.Doc)]);
            long? min = byKey.Count > 0 ? byKey.Keys.Min() : null, max = byKey.Count > 0 ? byKey.Keys.Max() : null;
            if (h["extended_bounds"] is JsonObject b && minDocCount == 0)
            {
                min = Math.Min(min ?? long.MaxValue, KeyOf(b["min"]!.GetValue<long>()));
                max = Math.Max(max ?? long.MinValue, KeyOf(b["max"]!.GetValue<long>()));
            }

            var buckets = new JsonArray();
            for (var k = min; k is not null && k <= max; k += step)
            {
                var inBucket = byKey.GetValueOrDefault(k.Value) ?? [];
                if (inBucket.Count >= minDocCount)
                {
                    buckets.Add(bucket(new JsonObject { ["key_as_string"] = DateTimeOffset.FromUnixTimeMilliseconds(k.Value).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), ["key"] = k }, inBucket));
                }
            }

            return new JsonObject { ["buckets"] = buckets };
        }

        /// <summary>A numeric <c>histogram</c>: keys floor(value / interval) · interval, ascending, buckets under min_doc_count left out.</summary>
        private JsonObject Histogram(JsonObject h, IReadOnlyList<JsonObject> docs, Func<JsonObject, IReadOnlyList<JsonObject>, JsonObject> bucket)
        {
            var interval = h["interval"]!.GetValue<double>();
            var minDocCount = h["min_doc_count"]?.GetValue<long>() ?? 0;
            var groups = docs.SelectMany(d => Numbers(d, h["field"]!.GetValue<string>()).Select(v => (Key: Math.Floor(v / interval) * interval, Doc: d)))
                .GroupBy(x => x.Key).OrderBy(g => g.Key)
                .Where(g => g.Count() >= Math.Max(minDocCount, 1))
                .Select(g => (JsonNode)bucket(new JsonObject { ["key"] = g.Key }, [.. g.Select(x => x.Doc)]));
            return new JsonObject { ["buckets"] = new JsonArray([.. groups]) };
        }

        /// <summary>A numeric <c>range</c> aggregation: from inclusive, to exclusive, buckets in the order asked (keyed: false).</summary>
        private JsonObject RangeBuckets(JsonObject r, IReadOnlyList<JsonObject> docs, Func<JsonObject, IReadOnlyList<JsonObject>, JsonObject> bucket)
        {
            var field = r["field"]!.GetValue<string>();
            var buckets = new JsonArray();
            foreach (var range in r["ranges"]!.AsArray())
            {
                double? from = range!["from"]?.GetValue<double>(), to = range["to"]?.GetValue<double>();
                var inRange = docs.Where(d => Numbers(d, field).Any(v => (from is null || v >= from) && (to is null || v < to))).ToList();
                var b = new JsonObject { ["key"] = $"{from?.ToString(CultureInfo.InvariantCulture) ?? "*"}-{to?.ToString(CultureInfo.InvariantCulture) ?? "*"}" };
                if (from is not null)
                {
                    b["from"] = from;
                }

                if (to is not null)
                {
                    b["to"] = to;
                }

                buckets.Add(bucket(b, inRange));
            }

            return new JsonObject { ["buckets"] = buckets };
        }

        private static long Millis(string interval)
        {
            var unit = interval.TrimStart('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
            var n = long.Parse(interval[..^unit.Length], CultureInfo.InvariantCulture);
            return n * unit switch
            {
                "ms" => 1,
                "s" => 1000,
                "m" => 60_000,
                "h" => 3_600_000,
                "d" => 86_400_000,
                _ => throw new NotSupportedException($"interval unit [{unit}]"),
            };
        }

        private static JsonObject Metric(string kind, List<double> values) => new()
        {
            ["value"] = values.Count == 0 && kind != "sum" ? null : kind switch
            {
                "min" => values.Min(),
                "max" => values.Max(),
                "avg" => values.Average(),
                _ => values.Sum(),
            },
        };

        private static JsonObject Percentiles(JsonObject p, List<double> values)
        {
            values.Sort();
            var percents = p["percents"] is JsonArray a ? a.Select(x => x!.GetValue<double>()).ToList() : [1, 5, 25, 50, 75, 95, 99];
            double? At(double percent)
            {
                if (values.Count == 0)
                {
                    return null;
                }

                var pos = percent / 100 * (values.Count - 1);
                var lo = (int)Math.Floor(pos);
                var hi = (int)Math.Ceiling(pos);
                return values[lo] + ((values[hi] - values[lo]) * (pos - lo));
            }

            if (p["keyed"]?.GetValue<bool>() == false)
            {
                return new JsonObject { ["values"] = new JsonArray([.. percents.Select(x => (JsonNode)new JsonObject { ["key"] = x, ["value"] = At(x) })]) };
            }

            var keyed = new JsonObject();
            foreach (var x in percents)
            {
                keyed[x.ToString("0.0", CultureInfo.InvariantCulture)] = At(x);
            }

            return new JsonObject { ["values"] = keyed };
        }
    }
}
