using System.Text.Json.Nodes;
using Observability.Storage.Abstractions;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Bulk;
using Observability.Storage.Elasticsearch.Search;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>Every request body we send, checked against the Elasticsearch 9.5 OpenAPI specification.</summary>
public sealed class ContractTests
{
    private static readonly OpenApiValidator Spec = OpenApiValidator.Instance;

    public static TheoryData<string> Resources() => [.. TemplateBuilder.Plan(new ElasticsearchOptions()).Select(r => $"{r.Kind}/{r.Name}")];

    [Theory]
    [MemberData(nameof(Resources))]
    public void Setup_bodies_match_the_specification(string name)
    {
        var resource = TemplateBuilder.Plan(new ElasticsearchOptions()).Single(r => $"{r.Kind}/{r.Name}" == name);
        var (schema, body) = resource.Kind switch
        {
            SetupKind.ComponentTemplate => (Spec.RequestBody("cluster.put_component_template"), resource.Body),
            SetupKind.IndexTemplate => (Spec.RequestBody("indices.put_index_template"), resource.Body),
            SetupKind.Index => (Spec.PathRequestBody("/{index}", "put"), resource.Body),
            SetupKind.LifecyclePolicy => (IlmPolicySchema.Schema, resource.Body),
            _ => throw new InvalidOperationException(),
        };

        var errors = resource.Kind == SetupKind.LifecyclePolicy ? IlmPolicySchema.Validate(body) : Spec.Validate(body, schema);

        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void The_alerts_mapping_update_matches_the_put_mapping_specification()
    {
        var index = TemplateBuilder.Plan(new ElasticsearchOptions()).Single(r => r.Kind == SetupKind.Index);
        var errors = Spec.Validate(index.Body["mappings"], Spec.RequestBody("indices.put_mapping"));
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public void Bulk_lines_match_the_specification_and_data_streams_get_create()
    {
        var options = new ElasticsearchOptions();
        var alert = Docs.Log(3);
        alert.Set("event.kind", "alert");
        var docs = new[] { Docs.Log(1), Docs.GpuSample(2), Docs.TrainingStep(3), alert };
        var schema = (JsonObject)Spec.RequestBody("bulk")["items"]!;
        foreach (var doc in docs)
        {
            var target = BulkTarget.For(doc, options);
            var lines = System.Text.Encoding.UTF8.GetString(BulkEncoder.Encode(doc, target)).Split('\n');
            Assert.Equal(3, lines.Length); // action, source, and the final newline
            Assert.Equal("", lines[2]);
            var action = JsonNode.Parse(lines[0])!;
            var errors = Spec.Validate(action, Spec.Schema("_global.bulk.OperationContainer"));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            Assert.Empty(Spec.Validate(JsonNode.Parse(lines[1]), schema));
            Assert.NotNull(JsonNode.Parse(lines[1])!["@timestamp"]);
            if (target.Stream is not null)
            {
                Assert.Equal("create", action.AsObject().Single().Key);
            }
        }
    }

    [Fact]
    public void The_validator_rejects_what_Elasticsearch_would_reject()
    {
        // A control: the checks above can fail.
        var wrongType = JsonNode.Parse("""{"template":{"mappings":{"properties":{"a":{"type":"keyword","ignore_above":"x"}}}}}""");
        var unknownKey = JsonNode.Parse("""{"index_patterns":["a-*"],"composed_of":[],"priorty":5}""");
        var badBulk = JsonNode.Parse("""{"create":{"_index":"logs-a-b","_idd":"1"}}""");
        var badQuery = JsonNode.Parse("""{"query":{"bool":{"filter":[{"rnage":{"@timestamp":{"gte":"now-1h"}}}]}}}""");

        Assert.NotEmpty(Spec.Validate(wrongType, Spec.RequestBody("cluster.put_component_template")));
        Assert.NotEmpty(Spec.Validate(unknownKey, Spec.RequestBody("indices.put_index_template")));
        Assert.NotEmpty(Spec.Validate(badBulk, Spec.Schema("_global.bulk.OperationContainer")));
        Assert.NotEmpty(Spec.Validate(badQuery, Spec.RequestBody("search")));
        Assert.NotEmpty(IlmPolicySchema.Validate(JsonNode.Parse("""{"policy":{"phases":{"hot":{"actions":{"rollover":{"max_size_gb":1}}}}}}""")!.AsObject()));
    }

    [Fact]
    public void Search_and_count_bodies_match_the_specification()
    {
        JsonObject Kql(string q) => new() { ["query_string"] = new JsonObject { ["query"] = q } };
        var requests = new[]
        {
            new SearchRequest(""),
            new SearchRequest("log.level:error", Docs.T0.AddHours(-1), Docs.T0, Limit: 50),
            new SearchRequest("x", Sort: "host.name", Fields: ["message", "host.name"]),
            new SearchRequest("x", SearchAfter: SearchBodyBuilder.EncodeCursor(new JsonArray(1764158400000L, "abc"))),
        };
        foreach (var r in requests)
        {
            var search = SearchBodyBuilder.Search(r, Kql);
            var count = SearchBodyBuilder.Count(r, Kql);
            var e1 = Spec.Validate(search, Spec.RequestBody("search"));
            var e2 = Spec.Validate(count, Spec.RequestBody("count"));
            Assert.True(e1.Count == 0, string.Join("\n", e1));
            Assert.True(e2.Count == 0, string.Join("\n", e2));
        }
    }

    [Theory]
    [InlineData("log.level:error and host.name:node-*")]
    [InlineData("gpu.utilization.gpu.pct >= 0.9 or gpu.temperature.celsius > 85")]
    [InlineData("not training.job.id:job-7 and message:\"out of memory\"")]
    [InlineData("@timestamp >= now-1h and event.dataset:(gpu or system.cpu)")]
    [InlineData("training.rank:3 and training.step_time.ms > 250")]
    public void Searches_built_from_KQL_match_the_specification(string kql)
    {
        var request = new SearchRequest(kql, Docs.T0.AddHours(-1), Docs.T0, Limit: 20);
        var body = SearchBodyBuilder.Search(request, KqlTranslation.ToQueryDsl);

        var errors = Spec.Validate(body, Spec.RequestBody("search"));

        Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n" + body.ToJsonString());
    }

    [Fact]
    public void Aggregation_bodies_match_the_specification()
    {
        var request = new SearchRequest("log.level:error", Docs.T0.AddHours(-1), Docs.T0);
        var bodies = new[]
        {
            AggregationBodyBuilder.Histogram(request, TimeSpan.FromMinutes(1), KqlTranslation.ToQueryDsl),
            AggregationBodyBuilder.Terms(request, "host.name", 5, KqlTranslation.ToQueryDsl),
        };
        foreach (var body in bodies)
        {
            var errors = Spec.Validate(body, Spec.RequestBody("search"));
            Assert.True(errors.Count == 0, string.Join("\n", errors));
        }
    }

    [Fact]
    public void KQL_uses_the_template_types_keyword_fields_get_term_queries_numbers_get_ranges()
    {
        var keyword = KqlTranslation.ToQueryDsl("gpu.uuid:GPU-1").ToJsonString();
        var number = KqlTranslation.ToQueryDsl("training.loss < 0.5").ToJsonString();

        Assert.Contains("\"term\"", keyword, StringComparison.Ordinal);
        Assert.Contains("\"range\"", number, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_Elasticsearch_cannot_parse_and_source_only_fields_find_nothing_instead_of_failing()
    {
        // A term query with "not-an-ip" on an ip field, or "yes" on a boolean, is HTTP 400; a lenient match is no hits.
        Assert.Equal("""{"match":{"host.ip":{"query":"not-an-ip","lenient":true}}}""", KqlTranslation.ToQueryDsl("host.ip:not-an-ip").ToJsonString());
        Assert.Equal("""{"match":{"gpu.simulated":{"query":"yes","lenient":true}}}""", KqlTranslation.ToQueryDsl("gpu.simulated:yes").ToJsonString());
        // event.original is not indexed (ECS): any query on it is HTTP 400, so it matches nothing.
        Assert.Equal("""{"match_none":{}}""", KqlTranslation.ToQueryDsl("event.original:*timeout*").ToJsonString());
        Assert.Equal("""{"bool":{"must_not":{"match_none":{}}}}""", KqlTranslation.ToQueryDsl("not event.original:x").ToJsonString());
    }

    [Fact]
    public void Top_values_of_a_text_field_are_refused_with_the_reason_before_any_request()
    {
        var e = Assert.Throws<ArgumentException>(() => AggregationBodyBuilder.Terms(new Observability.Storage.Abstractions.SearchRequest(""), "message", 5, KqlTranslation.ToQueryDsl));

        Assert.Contains("message is a match_only_text field", e.Message, StringComparison.Ordinal);
    }
}
