using System.Text.Json;
using Observability.Detection.Notifiers;
using Observability.Detection.Tests.Alerting;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Notifiers;

public sealed class PagerDutyAndFileNotifierTests
{
    [Fact]
    public async Task PagerDuty_gets_trigger_then_resolve_with_the_same_dedup_key()
    {
        await using var receiver = new HttpReceiver();
        using var http = new HttpClient();
        using var h = new AlertingHarness([new PagerDutyNotifier("oncall", "R0UTINGKEY", http, receiver.Url)]);
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"), ("severity", "critical"));
        await h.StepAsync("gpu-hot", [a]);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.StepAsync("gpu-hot", [a]);
        await h.StepAsync("gpu-hot", []);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.StepAsync("gpu-hot", []);

        var events = receiver.Bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(2, events.Count);
        Assert.Equal("trigger", events[0].GetProperty("event_action").GetString());
        Assert.Equal("resolve", events[1].GetProperty("event_action").GetString());
        Assert.Equal("R0UTINGKEY", events[0].GetProperty("routing_key").GetString());
        Assert.Equal(events[0].GetProperty("dedup_key").GetString(), events[1].GetProperty("dedup_key").GetString());
        Assert.Equal("critical", events[0].GetProperty("payload").GetProperty("severity").GetString());
        Assert.Equal("node1", events[0].GetProperty("payload").GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_file_notifier_appends_one_v4_json_line_per_notification()
    {
        using var h = new AlertingHarness([]);
        var path = Path.Combine(h.Directory, "out", "alerts.jsonl");
        using var file = new FileNotifier("oncall", path);
        using var h2 = new AlertingHarness([file], directory: Path.Combine(h.Directory, "second"));
        var a = AlertingHarness.Candidate("LossNaN", ("job", "j1"));
        await h2.StepAsync("loss", [a]);
        h2.Time.Advance(TimeSpan.FromSeconds(30));
        await h2.StepAsync("loss", [a]);
        var line = Assert.Single(await File.ReadAllLinesAsync(path));
        Assert.Equal("4", JsonDocument.Parse(line).RootElement.GetProperty("version").GetString());
    }
}
