using Microsoft.Extensions.Time.Testing;
using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alerting;

public sealed class RestartTests
{
    [Fact]
    public async Task A_restarted_alerter_does_not_resend_what_the_notification_log_says_was_sent()
    {
        await using var receiver = new HttpReceiver();
        using var http = new HttpClient();
        var dir = Path.Combine(Path.GetTempPath(), "obs-detect-restart-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"));

        using (var first = new AlertingHarness([new WebhookNotifier("oncall", receiver.Url, http)], directory: dir, time: time))
        {
            await first.StepAsync("gpu-hot", [a]);
            time.Advance(TimeSpan.FromSeconds(30));
            await first.StepAsync("gpu-hot", [a]);
            Assert.Single(receiver.Requests);
        }

        // A new process: fresh tracker and dispatcher, same DuckDB file.
        time.Advance(TimeSpan.FromMinutes(1));
        using var second = new AlertingHarness([new WebhookNotifier("oncall", receiver.Url, http)], directory: dir, time: time);
        await second.StepAsync("gpu-hot", [a]);
        time.Advance(TimeSpan.FromSeconds(30));
        await second.StepAsync("gpu-hot", [a]);
        time.Advance(TimeSpan.FromMinutes(5));
        await second.StepAsync("gpu-hot", [a]);
        Assert.Single(receiver.Requests);

        // A genuinely new alert in the same group is still sent.
        var b = AlertingHarness.Candidate("GpuHot", ("host", "node2"));
        time.Advance(TimeSpan.FromMinutes(5));
        await second.StepAsync("gpu-hot", [a, b]);
        Assert.Equal(2, receiver.Requests.Count);
    }
}
