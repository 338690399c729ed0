using System.Text.Json;
using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alerting;

public sealed class SilenceAndInhibitionTests : IAsyncLifetime
{
    private readonly HttpReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private AlertingHarness _h = null!;

    public Task InitializeAsync()
    {
        var route = new Route { Receiver = "oncall", GroupBy = ["alertname", "host"], GroupWait = TimeSpan.FromSeconds(10), GroupInterval = TimeSpan.FromMinutes(1), RepeatInterval = TimeSpan.FromHours(1) };
        _h = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http)], route);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _h.Dispose();
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_silence_with_matchers_suppresses_matching_alerts_until_it_expires()
    {
        var now = _h.Time.GetUtcNow();
        await _h.Store.AddSilenceAsync(new Silence
        {
            Id = "s1",
            Matchers = [LabelMatcher.Parse("alertname=GpuHot"), LabelMatcher.Parse("host=~\"node[12]\"")],
            StartsAt = now,
            EndsAt = now + TimeSpan.FromMinutes(30),
            CreatedBy = "alice",
            Comment = "maintenance",
        }, CancellationToken.None);

        var silenced = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        var other = AlertingHarness.Candidate("GpuHot", ("host", "node7"));
        await _h.StepAsync("gpu-hot", [silenced, other]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.StepAsync("gpu-hot", [silenced, other]);

        var body = Assert.Single(_receiver.Bodies);
        Assert.Contains("node7", body, StringComparison.Ordinal);
        Assert.DoesNotContain("node1", body, StringComparison.Ordinal);
        Assert.True(_h.Dispatcher.Telemetry.Value("dropped", "silenced") > 0);

        _h.Time.Advance(TimeSpan.FromMinutes(31));
        await _h.StepAsync("gpu-hot", [silenced, other]);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Contains("node1", _receiver.Bodies[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_kql_silence_mutes_only_the_alerts_its_query_matches()
    {
        var now = _h.Time.GetUtcNow();
        await _h.Store.AddSilenceAsync(new Silence
        {
            Id = "kql1",
            Query = "host:node4 and gpu:1",
            StartsAt = now,
            EndsAt = now + TimeSpan.FromHours(1),
            CreatedBy = "carol",
            Comment = "reseating GPU 1",
        }, CancellationToken.None);
        var muted = AlertingHarness.Candidate("GpuHot", ("host", "node4"), ("gpu", "1"));
        var sameHostOtherGpu = AlertingHarness.Candidate("GpuHot", ("host", "node4"), ("gpu", "2"));
        await _h.StepAsync("gpu-hot", [muted, sameHostOtherGpu]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.StepAsync("gpu-hot", [muted, sameHostOtherGpu]);

        using var json = JsonDocument.Parse(Assert.Single(_receiver.Bodies));
        var gpus = json.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("gpu").GetString()).ToList();
        Assert.Equal(["2"], gpus);
    }

    [Fact]
    public async Task A_host_down_alert_inhibits_the_gpu_alerts_of_that_host_only()
    {
        var down = AlertingHarness.Candidate("HostDown", ("host", "node1"), ("severity", "critical"));
        var gpuOnDownHost = AlertingHarness.Candidate("GpuIdle", ("host", "node1"), ("gpu", "0"));
        var gpuElsewhere = AlertingHarness.Candidate("GpuIdle", ("host", "node2"), ("gpu", "0"));
        var changed = _h.Tracker.Apply("host-down", [down], TimeSpan.Zero, _h.Time.GetUtcNow());
        await _h.StepAsync("gpu-idle", [gpuOnDownHost, gpuElsewhere]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        _h.Tracker.Apply("host-down", [down], TimeSpan.Zero, _h.Time.GetUtcNow());
        await _h.StepAsync("gpu-idle", [gpuOnDownHost, gpuElsewhere]);

        var hosts = _receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement)
            .SelectMany(r => r.GetProperty("alerts").EnumerateArray().Select(a => (Name: a.GetProperty("labels").GetProperty("alertname").GetString(), Host: a.GetProperty("labels").GetProperty("host").GetString())))
            .ToList();
        Assert.Contains(("HostDown", "node1"), hosts);
        Assert.Contains(("GpuIdle", "node2"), hosts);
        Assert.DoesNotContain(("GpuIdle", "node1"), hosts);
        Assert.True(_h.Dispatcher.Telemetry.Value("dropped", "inhibited") > 0);
        Assert.Single(changed);
    }

    [Fact]
    public async Task An_acknowledged_alert_is_not_repeated_but_its_resolution_is_sent()
    {
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node3"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Single(_receiver.Requests);
        Assert.True(await _h.Store.AcknowledgeAsync(a.Labels.Fingerprint[..8], "bob", CancellationToken.None));

        _h.Time.Advance(TimeSpan.FromHours(2));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Single(_receiver.Requests);

        await _h.StepAsync("gpu-hot", []);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.StepAsync("gpu-hot", []);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Contains("\"resolved\"", _receiver.Bodies[1], StringComparison.Ordinal);
    }
}
