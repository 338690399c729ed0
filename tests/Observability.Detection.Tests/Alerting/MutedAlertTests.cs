using System.Text.Json;
using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alerting;

/// <summary>
/// Alertmanager's semantics for muted alerts: a silence or an inhibition mutes a notified alert, it does not resolve
/// it, so nothing is sent while it holds (not an empty "resolved"), and "resolved" goes only to receivers that want it.
/// </summary>
public sealed class MutedAlertTests : IAsyncLifetime
{
    private static readonly Route GroupByHost = new() { Receiver = "oncall", GroupBy = ["alertname", "host"], GroupWait = TimeSpan.FromSeconds(10), GroupInterval = TimeSpan.FromMinutes(1), RepeatInterval = TimeSpan.FromHours(1) };
    private readonly HttpReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "obs-detect-muted-" + Guid.NewGuid().ToString("N"));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Silencing_a_notified_alert_sends_nothing_while_the_silence_holds_not_even_after_a_restart()
    {
        var gpuHot = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        using (var first = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http)], GroupByHost, _dir))
        {
            await first.StepAsync("gpu-hot", [gpuHot]);
            first.Time.Advance(TimeSpan.FromSeconds(10));
            await first.StepAsync("gpu-hot", [gpuHot]);
            Assert.Single(_receiver.Requests);

            var now = first.Time.GetUtcNow();
            await first.Store.AddSilenceAsync(new Silence { Id = "s1", Matchers = [LabelMatcher.Parse("host=node1")], StartsAt = now, EndsAt = now + TimeSpan.FromHours(2), CreatedBy = "alice", Comment = "reboot" }, CancellationToken.None);
            for (var i = 0; i < 5; i++)
            {
                first.Time.Advance(TimeSpan.FromMinutes(1));
                await first.StepAsync("gpu-hot", [gpuHot]);
            }

            Assert.True(first.Dispatcher.Telemetry.Value("dropped", "silenced") > 0);
        }

        // A new process while the silence holds: its first group flush is after group_wait (10 s here).
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T12:06:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var second = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http)], GroupByHost, _dir, time);
        for (var i = 0; i < 4; i++)
        {
            await second.StepAsync("gpu-hot", [gpuHot]);
            time.Advance(TimeSpan.FromSeconds(20));
        }

        Assert.Single(_receiver.Requests);
        Assert.DoesNotContain(_receiver.Bodies, b => b.Contains("\"resolved\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_inhibited_alert_is_muted_not_resolved_and_its_real_resolution_is_sent_once_the_inhibition_ends()
    {
        using var h = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http)], GroupByHost, _dir);
        var gpuHot = AlertingHarness.Candidate("GpuHot", ("host", "node1"), ("gpu", "0"));
        await h.StepAsync("gpu-hot", [gpuHot]);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.StepAsync("gpu-hot", [gpuHot]);
        Assert.Single(_receiver.Requests);

        // HostDown on node1 inhibits its GPU alerts (the default inhibit rule); HostDown itself is notified in its own group.
        var hostDown = AlertingHarness.Candidate("HostDown", ("host", "node1"));
        await h.StepAsync("host-down", [hostDown]);
        for (var i = 0; i < 3; i++)
        {
            h.Time.Advance(TimeSpan.FromMinutes(1));
            await h.StepAsync("gpu-hot", [gpuHot]);
            await h.StepAsync("host-down", [hostDown]);
        }

        Assert.True(h.Dispatcher.Telemetry.Value("dropped", "inhibited") > 0);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.Contains("HostDown", _receiver.Bodies[1], StringComparison.Ordinal);

        // The host comes back, GpuHot really clears: one "resolved" for GpuHot with its alert in it.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync("host-down", []);
        await h.StepAsync("gpu-hot", []);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync("gpu-hot", []);
        var resolved = _receiver.Bodies.Skip(2).Select(b => JsonDocument.Parse(b).RootElement).ToList();
        var gpu = Assert.Single(resolved, r => r.GetProperty("groupLabels").GetProperty("alertname").GetString() == "GpuHot");
        Assert.Equal("resolved", gpu.GetProperty("status").GetString());
        Assert.Equal("0", Assert.Single(gpu.GetProperty("alerts").EnumerateArray().ToList()).GetProperty("labels").GetProperty("gpu").GetString());
        Assert.All(resolved, r => Assert.NotEqual(0, r.GetProperty("alerts").GetArrayLength()));
    }

    [Fact]
    public async Task Without_send_resolved_a_resolved_group_sends_nothing_and_a_new_firing_is_sent_again()
    {
        using var h = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http, sendResolved: false)], GroupByHost, _dir);
        var gpuHot = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        await h.StepAsync("gpu-hot", [gpuHot]);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.StepAsync("gpu-hot", [gpuHot]);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync("gpu-hot", []);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync("gpu-hot", []);
        Assert.Single(_receiver.Requests);

        // The log now says nothing fires, so the same alert firing again is news.
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.StepAsync("gpu-hot", [gpuHot]);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.StepAsync("gpu-hot", [gpuHot]);
        Assert.Equal(2, _receiver.Requests.Count);
        Assert.All(_receiver.Bodies, b => Assert.Contains("\"status\":\"firing\"", b, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_notification_request_carries_a_user_agent()
    {
        using var h = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http)], GroupByHost, _dir);
        await h.StepAsync("gpu-hot", [AlertingHarness.Candidate("GpuHot", ("host", "node1"))]);
        h.Time.Advance(TimeSpan.FromSeconds(10));
        await h.StepAsync("gpu-hot", [AlertingHarness.Candidate("GpuHot", ("host", "node1"))]);
        Assert.Equal("obs/1.0", Assert.Single(_receiver.UserAgents));
    }
}
