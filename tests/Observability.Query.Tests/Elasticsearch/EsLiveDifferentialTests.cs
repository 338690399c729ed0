using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Json;
using Observability.Query.Elasticsearch;
using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Observability.Query.Tests.Differential;
using Xunit.Abstractions;

namespace Observability.Query.Tests.Elasticsearch;

/// <summary>
/// With <c>OBS_ES_URL</c> (and optionally <c>OBS_ES_API_KEY</c>) set: the generated corpus is indexed into a
/// temporary index whose mapping matches the <see cref="KqlOptions.FieldKinds"/> used here, and generated
/// queries must return the same ids from Elasticsearch as from the evaluator.
/// </summary>
public class EsLiveDifferentialTests(ITestOutputHelper output)
{
    private static readonly Dictionary<string, (KqlFieldKind Kind, string EsType)> Mapping = new()
    {
        ["message"] = (KqlFieldKind.Text, "text"),
        ["error.message"] = (KqlFieldKind.Text, "text"),
        ["@timestamp"] = (KqlFieldKind.Date, "date"),
        ["event.created"] = (KqlFieldKind.Date, "date"),
        ["log.level"] = (KqlFieldKind.Keyword, "keyword"),
        ["service.name"] = (KqlFieldKind.Keyword, "keyword"),
        ["host.name"] = (KqlFieldKind.Keyword, "keyword"),
        ["tags"] = (KqlFieldKind.Keyword, "keyword"),
        ["user.name"] = (KqlFieldKind.Keyword, "keyword"),
        ["labels.env"] = (KqlFieldKind.Keyword, "keyword"),
        ["labels.code"] = (KqlFieldKind.Keyword, "keyword"),
        ["trace.id"] = (KqlFieldKind.Keyword, "keyword"),
        ["event.id"] = (KqlFieldKind.Keyword, "keyword"),
        ["flag"] = (KqlFieldKind.Keyword, "boolean"),
        ["http.response.status_code"] = (KqlFieldKind.Number, "long"),
        ["event.duration"] = (KqlFieldKind.Number, "long"),
        ["gpu.utilization.pct"] = (KqlFieldKind.Number, "double"),
    };

    [EsLiveFact]
    public async Task Generated_queries_agree_between_elasticsearch_and_the_evaluator()
    {
        using var http = Client();
        var index = "obs-kql-test-" + Guid.NewGuid().ToString("N");
        var docs = GeneratedCorpus.Create(600, seed: 20240501);
        var kql = new KqlOptions
        {
            Time = new FakeTimeProvider(new DateTimeOffset(2024, 5, 2, 12, 0, 0, TimeSpan.Zero)),
            FieldKinds = Mapping.ToDictionary(kv => kv.Key, kv => kv.Value.Kind),
        };
        var options = new EsTranslationOptions { Kql = kql, KnownFields = Mapping.Keys.ToList() };
        await Send(http, HttpMethod.Put, $"/{index}", Properties());
        try
        {
            var bulk = new StringBuilder();
            foreach (var d in docs)
            {
                bulk.Append("{\"create\":{\"_id\":\"").Append(d.Id).Append("\"}}\n").Append(EcsJson.ToJson(d)).Append('\n');
            }

            var bulkResponse = await Send(http, HttpMethod.Post, $"/{index}/_bulk?refresh=true", bulk.ToString(), "application/x-ndjson");
            Assert.False(bulkResponse["errors"]!.GetValue<bool>(), bulkResponse.ToJsonString()[..Math.Min(2000, bulkResponse.ToJsonString().Length)]);

            var generator = new QueryGenerator(seed: 99);
            var failures = new List<string>();
            const int queries = 400;
            for (var i = 0; i < queries; i++)
            {
                var text = generator.Next();
                var query = KqlParser.Parse(text);
                var expected = docs.Where(KqlEvaluator.Compile(query, kql)).Select(d => d.Id!).ToHashSet();
                var body = new JsonObject { ["query"] = EsQueryTranslator.Translate(query, options), ["size"] = 1000, ["_source"] = false };
                var response = await Send(http, HttpMethod.Post, $"/{index}/_search", body.ToJsonString());
                var actual = response["hits"]!["hits"]!.AsArray().Select(h => h!["_id"]!.GetValue<string>()).ToHashSet();
                if (!expected.SetEquals(actual))
                {
                    failures.Add($"{text}: evaluator={expected.Count} es={actual.Count}");
                }
            }

            output.WriteLine($"{queries} queries against {http.BaseAddress}, {failures.Count} disagreements");
            Assert.True(failures.Count == 0, string.Join("\n", failures.Take(20)));
        }
        finally
        {
            await http.DeleteAsync(new Uri($"/{index}", UriKind.Relative));
        }
    }

    private static string Properties()
    {
        var properties = new JsonObject();
        foreach (var (field, (_, type)) in Mapping)
        {
            var parts = field.Split('.');
            var node = properties;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                node = (JsonObject)((node[parts[i]] ??= new JsonObject { ["properties"] = new JsonObject() })["properties"]!);
            }

            node[parts[^1]] = new JsonObject { ["type"] = type };
        }

        return new JsonObject { ["mappings"] = new JsonObject { ["dynamic"] = "strict", ["properties"] = properties } }.ToJsonString();
    }

    private static HttpClient Client()
    {
        var http = new HttpClient { BaseAddress = new Uri(Environment.GetEnvironmentVariable("OBS_ES_URL")!), Timeout = TimeSpan.FromSeconds(60) };
        if (Environment.GetEnvironmentVariable("OBS_ES_API_KEY") is { Length: > 0 } key)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("ApiKey", key);
        }

        return http;
    }

    private static async Task<JsonNode> Send(HttpClient http, HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: HTTP {(int)response.StatusCode} {text[..Math.Min(1000, text.Length)]}");
        return JsonNode.Parse(text)!;
    }
}
