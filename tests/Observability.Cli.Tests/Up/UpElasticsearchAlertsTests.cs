using System.Text.Json.Nodes;
using Observability.Cli.Up;
using Observability.Core.Json;
using Observability.Storage.Elasticsearch.Setup;
using Observability.Testing;
using Observability.Testing.Elasticsearch;
using Observability.Testing.Http;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up --es</c> with the detector: a GPU temperature step raises the GpuHealth alert, which lands both in DuckDB's
/// <c>obs_alerts</c> (the lifecycle store the reports and <c>obs alerts</c> read) and, as an ECS alert document indexed
/// with its deterministic id, in Elasticsearch's <c>obs-alerts</c> (a real HTTP server answering as Elasticsearch does),
/// with every field the Kibana alert panels use, of the type the obs-alerts mapping gives it.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpElasticsearchAlertsTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-es-alerts");
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync()
    {
        await _es.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_firing_alert_is_indexed_into_obs_alerts_with_the_fields_the_dashboard_reads_and_stays_in_duckdb()
    {
        await using var receiver = new HttpReceiver();
        await using var up = UpApplication.Create(new UpSettings
        {
            DataDirectory = _dir.File("data"),
            ConfigFile = GpuTemperatureStep.WriteConfig(_dir, receiver.Url),
            PipelinesDirectory = string.Empty,
            EsUrl = _es.Url.ToString(),
            Interactive = false,
            StatusInterval = TimeSpan.Zero,
            ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
        });
        await up.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(Generous);
        await up.Context.Transport.CreateProducer().ProduceAsync(GpuTemperatureStep.Messages(), timeout.Token);

        await Poll.UntilAsync(() => ThermalAlerts().Any(a => State(a.Source) == "firing"), Generous, "the GpuHealth thermal alert indexed into obs-alerts");
        var (id, doc) = ThermalAlerts().First(a => State(a.Source) == "firing");

        Assert.Equal(id, doc["event"]!["id"]!.GetValue<string>()); // the deterministic id is the _id: a retry overwrites
        Assert.Equal("alert", doc["event"]!["kind"]!.GetValue<string>());
        var alert = doc["alert"]!.AsObject();
        Assert.Equal("GpuHealth", alert["name"]!.GetValue<string>());
        Assert.True(alert["score"]!.GetValue<double>() >= 50);
        var labels = doc["labels"]!.AsObject();
        Assert.Equal(GpuTemperatureStep.Host, labels["host"]!.GetValue<string>());
        Assert.Equal("1", labels["gpu"]!.GetValue<string>());
        Assert.Equal("gpu", labels["detector"]!.GetValue<string>());
        Assert.Equal("warning", labels["severity"]!.GetValue<string>());
        Assert.Contains("at or above the limit 88", doc["annotations"]!["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // Every field the dashboard's alert panels use is present, and every mapped field has the type the obs-alerts
        // mapping gives it (the rest falls to the dynamic templates: strings as keyword).
        var flat = EcsJson.Parse(doc.ToJsonString());
        var mapping = TemplateBuilder.AlertFields().ToDictionary(f => f.Name, f => f.Type);
        foreach (var field in new[] { "@timestamp", "alert.name", "alert.state", "alert.fingerprint", "alert.score", "labels.host", "labels.gpu", "labels.detector", "labels.severity" })
        {
            Assert.True(mapping.ContainsKey(field), $"{field} is not in the obs-alerts mapping");
            Assert.True(flat.Contains(field), $"{field} is missing from the alert document");
        }

        foreach (var (field, value) in flat.Fields.Where(f => mapping.ContainsKey(f.Key)))
        {
            Assert.NotNull(value);
            switch (mapping[field])
            {
                case "keyword" or "match_only_text":
                    Assert.True(value is string, $"{field}={value} is not a string");
                    break;
                case "double":
                    Assert.True(value is double or long or int, $"{field}={value} is not a number");
                    break;
                case "date":
                    Assert.True(DateTimeOffset.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture, out _), $"{field}={value} is not a date");
                    break;
            }
        }

        // DuckDB stays the lifecycle store: the same activation is its obs_alerts row.
        var fingerprint = alert["fingerprint"]!.GetValue<string>();
        Assert.Equal(1, up.Context.Store.QueryScalar<long>("SELECT count(*) FROM obs_alerts WHERE fingerprint = $1 AND alertname = 'GpuHealth' AND state = 'firing'", fingerprint));

        await up.StopAsync(CancellationToken.None);
    }

    private static string? State(JsonObject source) => source["alert"]?["state"]?.GetValue<string>();

    /// <summary>The GpuHealth thermal documents of every <c>index</c> action into <c>obs-alerts</c>, in order.</summary>
    private List<(string Id, JsonObject Source)> ThermalAlerts()
    {
        var result = new List<(string, JsonObject)>();
        foreach (var (method, path, body) in _es.Requests.ToArray())
        {
            if (method != "POST" || path != "/_bulk")
            {
                continue;
            }

            var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i + 1 < lines.Length; i += 2)
            {
                if (JsonNode.Parse(lines[i])!["index"] is JsonObject meta && meta["_index"]?.GetValue<string>() == "obs-alerts")
                {
                    var source = JsonNode.Parse(lines[i + 1])!.AsObject();
                    if (source["alert"]?["name"]?.GetValue<string>() == "GpuHealth" && source["labels"]?["kind"]?.GetValue<string>() == "thermal")
                    {
                        result.Add((meta["_id"]!.GetValue<string>(), source));
                    }
                }
            }
        }

        return result;
    }
}
