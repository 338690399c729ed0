using System.Text.Json;
using Observability.Api.Alerts;
using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Core.Transport;
using Observability.Detection.Alerting;
using Observability.Reports;
using Observability.Reports.DuckDb;
using Observability.Reports.Model;
using Observability.Testing;
using Observability.Testing.Http;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up</c> hosts the detector: GPU metrics reach it through the indexer (in-process transport, real DuckDB file),
/// a temperature step raises an alert, the alert is delivered to a real webhook listener and lands in the main store,
/// where the report's alert and anomaly queries read it, and <c>obs alerts</c> reaches it through obs up's API.
/// </summary>
public sealed class UpDetectionTests : IAsyncDisposable
{
    private const string Host = GpuTemperatureStep.Host;
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-detect");
    private readonly HttpReceiver _receiver = new();

    [Fact]
    public async Task A_gpu_temperature_step_fires_an_alert_that_reaches_the_webhook_and_the_store_the_reports_read()
    {
        await using var up = UpApplication.Create(Settings(GpuTemperatureStep.WriteConfig(_dir, _receiver.Url)));
        await up.StartAsync(CancellationToken.None);

        // Two GPUs at their usual ~66 °C for 150 samples; then GPU 1 steps to ~95 °C, past the 88 °C limit.
        var producer = up.Context.Transport.CreateProducer();
        var messages = GpuTemperatureStep.Messages();
        using var timeout = new CancellationTokenSource(Generous);
        await producer.ProduceAsync(messages, timeout.Token); // completes when the indexer has stored and acknowledged them
        Assert.Equal(340, up.Context.Store.QueryScalar<long>("SELECT count(*) FROM metrics WHERE host_name = $1", Host));

        await Poll.UntilAsync(() => GpuTemperatureStep.Firing(_receiver).Any(GpuTemperatureStep.IsThermal), Generous, "the GpuHealth thermal alert delivered to the webhook");
        var alerts = GpuTemperatureStep.Firing(_receiver).Select(a => a.Clone()).DistinctBy(a => a.GetProperty("fingerprint").GetString()).ToList();
        Assert.All(alerts, a => Assert.Equal("1", a.GetProperty("labels").GetProperty("gpu").GetString())); // GPU 0 stayed quiet
        var alert = Assert.Single(alerts, GpuTemperatureStep.IsThermal);
        var labels = alert.GetProperty("labels");
        Assert.Equal(Host, labels.GetProperty("host").GetString());
        Assert.Equal("gpu", labels.GetProperty("detector").GetString());
        Assert.Equal("warning", labels.GetProperty("severity").GetString());
        Assert.Contains("at or above the limit 88", alert.GetProperty("annotations").GetProperty("description").GetString(), StringComparison.Ordinal);

        // generatorURL: this obs up's console view of the alert's documents (behind the login); its parameters on
        // GET /api/search, with the token of obs-up.json, give the documents themselves.
        var generator = alert.GetProperty("generatorURL").GetString()!;
        var console = up.Instance!.Url + "/console/#/discover?";
        Assert.StartsWith(console + "q=", generator, StringComparison.Ordinal);
        var link = up.Instance.Url + "/api/search?" + generator[console.Length..];
        using (var browser = new HttpClient())
        {
            using var page = await browser.GetAsync(new Uri(generator), timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, page.StatusCode);
            using var unauthorised = await browser.GetAsync(new Uri(link), timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, unauthorised.StatusCode);
            using var request = new HttpRequestMessage(HttpMethod.Get, link);
            request.Headers.Add(QueryApiProtocol.TokenHeader, up.Instance.Token);
            using var response = await browser.SendAsync(request, timeout.Token);
            response.EnsureSuccessStatusCode();
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(timeout.Token));
            var found = QueryApiProtocol.ReadResult(json.RootElement);
            Assert.NotEmpty(found.Hits);
            Assert.All(found.Hits, h => Assert.Equal((Host, 1.0), (h.GetString(EcsFields.HostName), h.GetDouble("gpu.index"))));
        }

        // The alert is a row of the main store (not a separate file), so the report's sections count it.
        var store = up.Context.Store;
        Assert.Equal(1, store.QueryScalar<long>(
            "SELECT count(*) FROM obs_alerts WHERE alertname = 'GpuHealth' AND state = 'firing' AND json_extract_string(labels, '$.gpu') = '1' AND json_extract_string(labels, '$.kind') = 'thermal'"));
        Assert.False(File.Exists(Path.Combine(up.Context.DataDirectory, "alerts.duckdb")));
        using var connection = store.OpenReadConnection();
        var db = new ReportQueryContext(connection, new ReportOptions());
        var period = ReportPeriod.Ending(TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(1), TimeSpan.FromHours(1));
        var anomalies = new AnomalyQuery(db).Run(period);
        Assert.True(anomalies.HasData);
        Assert.Contains(anomalies.ByDetector, d => d is { Detector: "gpu", Kind: "thermal", Count: 1 });
        Assert.True(new AlertQuery(db).Run(period).HasData);

        // obs alerts works while obs up holds the store: through its API, with the token of obs-up.json.
        using var api = HttpAlertStore.TryConnect(up.Context.DataDirectory);
        Assert.NotNull(api);
        var fingerprint = alert.GetProperty("fingerprint").GetString()!;
        var listed = await api.ListAsync(AlertState.Firing, 50, timeout.Token);
        Assert.Contains(listed, a => a.Fingerprint == fingerprint && a.Name == "GpuHealth");
        Assert.Equal(fingerprint, (await api.GetAsync(fingerprint[..6], timeout.Token))?.Fingerprint);
        Assert.Null(await api.GetAsync("ffffffffffff", timeout.Token));
        var now = TimeProvider.System.GetUtcNow();
        await api.AddSilenceAsync(new Silence
        {
            Id = "maintenance-1", Matchers = [LabelMatcher.Parse("host=" + Host)], StartsAt = now, EndsAt = now + TimeSpan.FromHours(1),
            CreatedBy = "bob", Comment = "PSU swap",
        }, timeout.Token);
        var refusal = await Assert.ThrowsAsync<ArgumentException>(async () => await api.AddSilenceAsync(
            new Silence { Id = "everything", StartsAt = now, EndsAt = now + TimeSpan.FromHours(1), CreatedBy = "bob", Comment = "no matcher" }, timeout.Token));
        Assert.Contains("at least one matcher", refusal.Message, StringComparison.Ordinal);
        var silence = Assert.Single(await api.ListSilencesAsync(now + TimeSpan.FromMinutes(1), timeout.Token));
        Assert.Equal("PSU swap", silence.Comment);
        Assert.Equal(1, store.QueryScalar<long>("SELECT count(*) FROM obs_silences WHERE id = 'maintenance-1'"));
        Assert.True(await api.AcknowledgeAsync(fingerprint, "bob", timeout.Token));
        Assert.Contains(fingerprint, await api.AcknowledgedAsync(timeout.Token));
        using (var anonymous = new HttpClient { BaseAddress = new Uri(up.Instance!.Url) })
        {
            using var refused = await anonymous.GetAsync(new Uri("/api/alerts", UriKind.Relative), timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await up.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void A_bad_detection_key_in_obs_yml_fails_at_start_up_naming_it()
    {
        var config = _dir.File("bad.yml");
        File.WriteAllText(config, "detection:\n  group_wiat: 1s\n");
        var e = Assert.ThrowsAny<Exception>(() => UpApplication.Create(Settings(config)));
        Assert.Contains("detection.group_wiat", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_rule_file_fails_at_start_up_naming_the_file()
    {
        var rules = _dir.File("bad-rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "broken.yml"), "rules:\n  - name: Hot\n    type: threshold\n    window: 5m\n");
        var config = _dir.File("rules.yml");
        File.WriteAllText(config, $"detection:\n  rules_directory: {rules}\n");
        var e = Assert.Throws<Observability.Core.Options.ObsConfigException>(() => UpApplication.Create(Settings(config)));
        Assert.Contains("detection.rules_directory", e.Message, StringComparison.Ordinal);
        Assert.Contains("broken.yml", e.Message, StringComparison.Ordinal);
        Assert.Contains("'field' is required", e.Message, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _dir.Dispose();
    }

    private UpSettings Settings(string config) => new()
    {
        DataDirectory = _dir.File("data"),
        ConfigFile = config,
        PipelinesDirectory = string.Empty,
        Interactive = false,
        StatusInterval = TimeSpan.Zero,
        ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
    };
}
