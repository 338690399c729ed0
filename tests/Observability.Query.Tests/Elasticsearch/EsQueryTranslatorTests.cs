using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Query.Elasticsearch;
using Observability.Query.Kql;
using Observability.Query.Tests.Differential;
using Observability.Testing.Elasticsearch;
using Xunit.Abstractions;

namespace Observability.Query.Tests.Elasticsearch;

public class EsQueryTranslatorTests(ITestOutputHelper output)
{
    private const string QueryContainer = "_types.query_dsl.QueryContainer";

    private static OpenApiValidator Spec => OpenApiValidator.Instance;

    private static readonly EsTranslationOptions Options = new()
    {
        Kql = new KqlOptions { Time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 2, 12, 0, 0, TimeSpan.Zero)) },
    };

    private static JsonObject Es(string kql, EsTranslationOptions? o = null) => EsQueryTranslator.Translate(KqlParser.Parse(kql), o ?? Options);

    [Fact]
    public void Every_generated_query_validates_against_the_elasticsearch_spec()
    {
        var generator = new QueryGenerator(seed: 11);
        var withCatalog = new EsTranslationOptions { Kql = Options.Kql, KnownFields = GeneratedCorpus.Create(200, 3).SelectMany(d => d.FieldNames).Distinct().ToList() };
        var checkedCount = 0;
        for (var i = 0; i < 1500; i++)
        {
            var text = generator.Next();
            foreach (var o in new[] { Options, withCatalog })
            {
                var json = Es(text, o);
                var errors = Spec.Validate(json, Spec.Schema(QueryContainer));
                Assert.True(errors.Count == 0, $"{text}\n{json.ToJsonString()}\n{string.Join("\n", errors.Take(5))}");
                checkedCount++;
            }
        }

        output.WriteLine($"{checkedCount} translated queries validated against {QueryContainer}");
    }

    [Fact]
    public void The_validator_rejects_malformed_queries()
    {
        var v = Spec;
        Assert.NotEmpty(v.Validate(JsonNode.Parse("""{"match":{"message":{"qurey":"x"}}}"""), v.Schema(QueryContainer)));
        Assert.NotEmpty(v.Validate(JsonNode.Parse("""{"bool":{"should":[{"term":{}}], "minimum_should_match":1}}"""), v.Schema(QueryContainer)));
        Assert.NotEmpty(v.Validate(JsonNode.Parse("""{"match_all":{},"exists":{"field":"a"}}"""), v.Schema(QueryContainer)));
        Assert.NotEmpty(v.Validate(JsonNode.Parse("""{"exists":{"field":5}}"""), v.Schema(QueryContainer)));
        Assert.NotEmpty(v.Validate(JsonNode.Parse("""{"wildcard":{"a":{"value":"x","case_insensitive":"yes"}}}"""), v.Schema(QueryContainer)));
        Assert.Empty(v.Validate(JsonNode.Parse("""{"bool":{"filter":[{"term":{"a":{"value":"x"}}}]}}"""), v.Schema(QueryContainer)));
    }

    [Fact]
    public void Empty_query_is_match_all() => Assert.Equal("""{"match_all":{}}""", Es("").ToJsonString());

    [Fact]
    public void Text_field_unquoted_is_match_and_quoted_is_match_phrase()
    {
        Assert.Equal("""{"match":{"message":{"query":"disk full"}}}""", Es("message:disk full").ToJsonString());
        Assert.Equal("""{"match_phrase":{"message":{"query":"disk full"}}}""", Es("message:\"disk full\"").ToJsonString());
    }

    [Fact]
    public void Keyword_is_term_and_wildcard_is_wildcard()
    {
        Assert.Equal("""{"term":{"log.level":{"value":"error"}}}""", Es("log.level:error").ToJsonString());
        Assert.Equal("""{"wildcard":{"host.name":{"value":"gpu-*"}}}""", Es("host.name:gpu-*").ToJsonString());
        Assert.Equal("""{"wildcard":{"message":{"value":"conn*","case_insensitive":true}}}""", Es("message:Conn*").ToJsonString());
    }

    [Fact]
    public void Boolean_structure_follows_kibana()
    {
        var json = Es("a:1 or not b:2 and c:3").ToJsonString();
        Assert.Equal("""{"bool":{"should":[{"match":{"a":{"query":"1","lenient":true}}},{"bool":{"filter":[{"bool":{"must_not":{"match":{"b":{"query":"2","lenient":true}}}}},{"match":{"c":{"query":"3","lenient":true}}}]}}],"minimum_should_match":1}}""", json);
    }

    [Theory]
    [InlineData("alert.score > 1e999", """{"match_none":{}}""")]
    [InlineData("alert.score <= 1e999", """{"exists":{"field":"alert.score"}}""")]
    [InlineData("alert.score > -1e999", """{"exists":{"field":"alert.score"}}""")]
    [InlineData("alert.score < -1e999", """{"match_none":{}}""")]
    [InlineData("alert.score: 1e999", """{"match_none":{}}""")]
    [InlineData("some.unmapped.field >= 1e999", """{"match_none":{}}""")]
    public void A_number_beyond_a_double_never_reaches_elasticsearch_as_infinity(string kql, string expected)
    {
        // 1e999 parses as infinity, which JSON cannot carry (serialising it throws) and which no stored number reaches.
        Assert.Equal(expected, Observability.Storage.Elasticsearch.KqlTranslation.ToQueryDsl(kql).ToJsonString());
    }

    [Fact]
    public void Exists_and_ranges()
    {
        Assert.Equal("""{"exists":{"field":"trace.id"}}""", Es("trace.id:*").ToJsonString());
        Assert.Equal("""{"range":{"http.response.status_code":{"gte":500}}}""", Es("http.response.status_code >= 500").ToJsonString());
        Assert.Equal("""{"range":{"@timestamp":{"lt":"2024-05-03T00:00:00.000Z","format":"strict_date_optional_time"}}}""", Es("@timestamp <= now/d").ToJsonString());
        Assert.Equal("""{"range":{"@timestamp":{"gte":"2024-05-01T11:00:00.000Z","format":"strict_date_optional_time"}}}""", Es("@timestamp >= now-1d-1h").ToJsonString());
    }

    [Fact]
    public void Field_patterns_expand_with_a_catalog_or_go_to_elasticsearch()
    {
        Assert.Equal("""{"multi_match":{"query":"x","fields":["host.*"],"type":"best_fields","lenient":true}}""", Es("host.*:x").ToJsonString());
        var o = new EsTranslationOptions { Kql = Options.Kql, KnownFields = ["host.name", "host.ip", "service.name"] };
        Assert.Equal("""{"bool":{"should":[{"match":{"host.ip":{"query":"x","lenient":true}}},{"term":{"host.name":{"value":"x"}}}],"minimum_should_match":1}}""", Es("host.*:x", o).ToJsonString());
    }

    [Fact]
    public void Free_text_searches_the_default_fields()
    {
        var o = new EsTranslationOptions { Kql = new KqlOptions { DefaultFields = ["message", "error.message"] } };
        Assert.Equal("""{"bool":{"should":[{"match":{"message":{"query":"oom"}}},{"match":{"error.message":{"query":"oom"}}}],"minimum_should_match":1}}""", Es("oom", o).ToJsonString());
    }

    [Fact]
    public void A_range_over_a_field_pattern_keeps_the_star_of_the_field_escaped_for_query_string()
    {
        // The agent's GPU utilisation is a 0–1 ratio under gpu.utilization.*.pct.
        var json = Es("gpu.utilization.*.pct > 0.9");

        Assert.Equal("gpu.utilization.\\*.pct:>0.9", json["query_string"]!["query"]!.GetValue<string>());
        Assert.Null(json["query_string"]!["fields"]);
        Assert.Empty(Spec.Validate(json, Spec.Schema(QueryContainer)));
    }

    [Fact]
    public void A_wildcard_with_spaces_on_a_text_field_matches_consecutive_words()
    {
        var json = Es("message:*Connection refused*");

        Assert.Equal(
            """{"intervals":{"message":{"all_of":{"ordered":true,"max_gaps":0,"intervals":[{"wildcard":{"pattern":"*connection"}},{"wildcard":{"pattern":"refused*"}}]}}}}""",
            json.ToJsonString());
        Assert.Empty(Spec.Validate(json, Spec.Schema(QueryContainer)));
        Assert.Equal(
            """{"intervals":{"message":{"all_of":{"ordered":true,"max_gaps":0,"intervals":[{"match":{"query":"nccl"}},{"wildcard":{"pattern":"time*"}},{"match":{"query":"on"}},{"match":{"query":"rank"}}]}}}}""",
            Es("message:NCCL time* on rank").ToJsonString());
        // Without a space the one-word wildcard stays.
        Assert.Equal("""{"wildcard":{"message":{"value":"conn*","case_insensitive":true}}}""", Es("message:Conn*").ToJsonString());
    }

    [Theory]
    [InlineData("process.pid: 1.5", """{"match_none":{}}""")]
    [InlineData("process.pid: 99999999999999999999", """{"match_none":{}}""")]
    [InlineData("process.pid: 2.0", """{"term":{"process.pid":{"value":2}}}""")]
    [InlineData("process.pid: 9007199254740993", """{"term":{"process.pid":{"value":9007199254740993}}}""")]
    [InlineData("process.pid > 1.5", """{"range":{"process.pid":{"gte":2}}}""")]
    [InlineData("process.pid >= 1.5", """{"range":{"process.pid":{"gte":2}}}""")]
    [InlineData("process.pid < 1.5", """{"range":{"process.pid":{"lte":1}}}""")]
    [InlineData("process.pid <= 1.5", """{"range":{"process.pid":{"lte":1}}}""")]
    [InlineData("process.pid > -0.5", """{"range":{"process.pid":{"gte":0}}}""")]
    [InlineData("process.pid < -0.5", """{"range":{"process.pid":{"lte":-1}}}""")]
    [InlineData("process.pid > 500", """{"range":{"process.pid":{"gt":500}}}""")]
    [InlineData("process.pid < 1e30", """{"exists":{"field":"process.pid"}}""")]
    [InlineData("process.pid > 1e30", """{"match_none":{}}""")]
    [InlineData("process.pid >= -1e30", """{"exists":{"field":"process.pid"}}""")]
    [InlineData("process.pid > 9223372036854775806", """{"range":{"process.pid":{"gt":9223372036854775806}}}""")]
    [InlineData("process.pid > 9223372036854775807", """{"match_none":{}}""")]
    [InlineData("process.pid >= -9223372036854775808", """{"exists":{"field":"process.pid"}}""")]
    [InlineData("http.response.status_code >= 99999999999999999999", """{"match_none":{}}""")]
    [InlineData("http.response.status_code < 1e-400", """{"range":{"http.response.status_code":{"lte":0}}}""")]
    [InlineData("queue.depth: 1.5", """{"match_none":{}}""")]
    [InlineData("queue.depth > 40000", """{"match_none":{}}""")]
    public void Whole_number_fields_get_only_values_their_type_holds(string kql, string expected)
    {
        var o = new EsTranslationOptions
        {
            Kql = new KqlOptions { FieldKinds = new Dictionary<string, KqlFieldKind>(KqlOptions.DefaultFieldKinds) { ["process.pid"] = KqlFieldKind.Number, ["http.response.status_code"] = KqlFieldKind.Number, ["queue.depth"] = KqlFieldKind.Number } },
            IntegerFields = new Dictionary<string, EsIntegerRange> { ["process.pid"] = EsIntegerRange.Long, ["http.response.status_code"] = EsIntegerRange.Long, ["queue.depth"] = EsIntegerRange.Short },
        };

        var json = Es(kql, o);

        Assert.Equal(expected, json.ToJsonString());
        Assert.Empty(Spec.Validate(json, Spec.Schema(QueryContainer)));
    }

    [Fact]
    public void A_double_field_keeps_fractions_and_large_numbers()
    {
        var o = new EsTranslationOptions { Kql = new KqlOptions { FieldKinds = new Dictionary<string, KqlFieldKind> { ["gpu.power.watts"] = KqlFieldKind.Number } } };

        Assert.Equal("""{"range":{"gpu.power.watts":{"gt":1.5}}}""", Es("gpu.power.watts > 1.5", o).ToJsonString());
        Assert.Equal("""{"term":{"gpu.power.watts":{"value":1E+30}}}""", Es("gpu.power.watts: 1e30", o).ToJsonString());
    }
}
