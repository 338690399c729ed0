using System.Text.Json;
using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alerting;

public sealed class WebhookNotificationTests : IAsyncLifetime
{
    private readonly HttpReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private AlertingHarness _h = null!;

    public Task InitializeAsync()
    {
        _h = new AlertingHarness([new WebhookNotifier("oncall", _receiver.Url, _http, bearerToken: "s3cret")]);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _h.Dispose();
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_firing_alert_reaches_the_http_listener_as_alertmanager_v4_json()
    {
        var gpuHot = AlertingHarness.Candidate("GpuHot", ("host", "node1"), ("gpu", "0"), ("severity", "warning"));
        await _h.StepAsync("gpu-hot", [gpuHot]);
        Assert.Empty(_receiver.Requests); // group_wait has not passed

        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [gpuHot]);

        var (body, auth) = Assert.Single(_receiver.Requests);
        Assert.Equal("Bearer s3cret", auth);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        Assert.Equal("4", root.GetProperty("version").GetString());
        Assert.Equal("{}:{alertname=\"GpuHot\"}", root.GetProperty("groupKey").GetString());
        Assert.Equal("firing", root.GetProperty("status").GetString());
        Assert.Equal("oncall", root.GetProperty("receiver").GetString());
        Assert.Equal("GpuHot", root.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("node1", root.GetProperty("commonLabels").GetProperty("host").GetString());
        Assert.Equal("GpuHot is firing", root.GetProperty("commonAnnotations").GetProperty("summary").GetString());
        Assert.Equal("http://obs.test:9093", root.GetProperty("externalURL").GetString());
        var alert = Assert.Single(root.GetProperty("alerts").EnumerateArray().ToList());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal("0", alert.GetProperty("labels").GetProperty("gpu").GetString());
        Assert.Equal("test alert", alert.GetProperty("annotations").GetProperty("description").GetString());
        Assert.Equal("2026-11-26T12:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal(AlertmanagerPayload.ZeroTime, alert.GetProperty("endsAt").GetString());
        Assert.False(string.IsNullOrEmpty(alert.GetProperty("generatorURL").GetString()));
        Assert.Equal(gpuHot.Labels.Fingerprint, alert.GetProperty("fingerprint").GetString());
        Assert.Matches("^[0-9a-f]{16}$", alert.GetProperty("fingerprint").GetString()!);
    }

    [Fact]
    public async Task Group_wait_batches_alerts_that_arrive_together_into_one_notification()
    {
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"), ("gpu", "0"));
        var b = AlertingHarness.Candidate("GpuHot", ("host", "node2"), ("gpu", "3"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(10));
        await _h.StepAsync("gpu-hot", [a, b]);
        _h.Time.Advance(TimeSpan.FromSeconds(19));
        await _h.StepAsync("gpu-hot", [a, b]);
        Assert.Empty(_receiver.Requests);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.StepAsync("gpu-hot", [a, b]);

        var body = Assert.Single(_receiver.Bodies);
        using var json = JsonDocument.Parse(body);
        Assert.Equal(2, json.RootElement.GetProperty("alerts").GetArrayLength());
        Assert.False(json.RootElement.GetProperty("commonLabels").TryGetProperty("host", out _));
    }

    [Fact]
    public async Task A_new_alert_in_a_notified_group_waits_for_group_interval_and_unchanged_groups_repeat_after_repeat_interval()
    {
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        var b = AlertingHarness.Candidate("GpuHot", ("host", "node2"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Single(_receiver.Requests);

        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.StepAsync("gpu-hot", [a, b]);
        Assert.Single(_receiver.Requests);

        _h.Time.Advance(TimeSpan.FromMinutes(4));
        await _h.StepAsync("gpu-hot", [a, b]);
        Assert.Equal(2, _receiver.Requests.Count);

        // Nothing changes: group_interval ticks do not resend until more than repeat_interval (4h) has passed since 00:05:30.
        for (var i = 0; i < 48; i++)
        {
            _h.Time.Advance(TimeSpan.FromMinutes(5));
            await _h.StepAsync("gpu-hot", [a, b]);
        }

        Assert.Equal(2, _receiver.Requests.Count);
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.StepAsync("gpu-hot", [a, b]);
        Assert.Equal(3, _receiver.Requests.Count);
    }

    [Fact]
    public async Task A_resolved_notification_arrives_with_endsAt_when_the_condition_clears()
    {
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromMinutes(2));
        await _h.StepAsync("gpu-hot", []);
        Assert.Single(_receiver.Requests);

        _h.Time.Advance(TimeSpan.FromMinutes(3));
        await _h.StepAsync("gpu-hot", []);

        Assert.Equal(2, _receiver.Requests.Count);
        using var json = JsonDocument.Parse(_receiver.Bodies[1]);
        Assert.Equal("resolved", json.RootElement.GetProperty("status").GetString());
        var alert = json.RootElement.GetProperty("alerts")[0];
        Assert.Equal("resolved", alert.GetProperty("status").GetString());
        Assert.Equal("2026-11-26T12:02:30.000Z", alert.GetProperty("endsAt").GetString());

        var stored = await _h.Store.GetAsync(a.Labels.Fingerprint, CancellationToken.None);
        Assert.Equal(AlertState.Resolved, stored!.State);

        // Later ticks do not send the resolution again.
        _h.Time.Advance(TimeSpan.FromMinutes(5));
        await _h.StepAsync("gpu-hot", []);
        Assert.Equal(2, _receiver.Requests.Count);
    }

    [Fact]
    public async Task A_transient_receiver_failure_is_retried_with_backoff_on_later_ticks()
    {
        _receiver.StatusCodes.Enqueue(503);
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Empty(_receiver.Requests);
        Assert.Equal(1, _h.Dispatcher.Telemetry.Value("retries"));

        _h.Time.Advance(TimeSpan.FromSeconds(2));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Single(_receiver.Requests);
        Assert.Equal(1, _h.Dispatcher.Telemetry.Value("sent"));
    }

    [Fact]
    public async Task A_429_is_retried_no_sooner_than_the_receivers_retry_after()
    {
        _receiver.StatusCodes.Enqueue(429);
        _receiver.RetryAfter = "20";
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Equal(1, _h.Dispatcher.Telemetry.Value("retries"));

        _h.Time.Advance(TimeSpan.FromSeconds(19));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Empty(_receiver.Requests);

        _h.Time.Advance(TimeSpan.FromSeconds(1));
        await _h.StepAsync("gpu-hot", [a]);
        Assert.Single(_receiver.Requests);
    }

    [Fact]
    public async Task A_400_is_given_up_at_once()
    {
        _receiver.StatusCodes.Enqueue(400);
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));
        await _h.StepAsync("gpu-hot", [a]);
        _h.Time.Advance(TimeSpan.FromSeconds(30));
        await _h.StepAsync("gpu-hot", [a]);

        Assert.Equal(0, _h.Dispatcher.Telemetry.Value("retries"));
        Assert.Equal(1, _h.Dispatcher.Telemetry.Value("failed"));
    }
}
