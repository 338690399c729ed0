using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Notifiers;
using Observability.Detection.Rules;
using Observability.Detection.Storage;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alerting;

/// <summary>The whole alerter (rules → tracker → store → dispatcher) stopped and started again on the same DuckDB file.</summary>
public sealed class AlerterRestartTests : IAsyncLifetime
{
    private const string Rules =
        """
        rules:
          - name: GpuHot
            type: threshold
            field: gpu.temperature.celsius
            aggregate: max
            window: 1m
            op: '>'
            value: 85
            by: [host.name]
        """;

    private static readonly Route Route = new() { Receiver = "oncall", GroupBy = ["alertname"], GroupWait = TimeSpan.FromSeconds(10), GroupInterval = TimeSpan.FromMinutes(1), RepeatInterval = TimeSpan.FromHours(1) };

    private readonly HttpReceiver _receiver = new();
    private readonly HttpClient _http = new();
    private readonly string _path = Path.Combine(Path.GetTempPath(), "obs-detect-alerter-" + Guid.NewGuid().ToString("N"), "alerts.duckdb");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_restart_keeps_startsAt_sends_nothing_new_and_the_real_resolution_carries_the_original_startsAt()
    {

        using (var first = NewProcess())
        {
            await first.HotStepAsync();
            _time.Advance(TimeSpan.FromSeconds(10));
            await first.HotStepAsync();
        }

        using var firing = JsonDocument.Parse(Assert.Single(_receiver.Bodies));
        var sent = Assert.Single(firing.RootElement.GetProperty("alerts").EnumerateArray().ToList());
        Assert.Equal("2026-11-26T12:00:00.000Z", sent.GetProperty("startsAt").GetString());
        var link = sent.GetProperty("generatorURL").GetString()!;
        Assert.StartsWith("http://127.0.0.1:5601/console/#/discover?q=", link, StringComparison.Ordinal);
        Assert.Contains("?q=" + Uri.EscapeDataString("host.name:node1") + "&type=metrics&", link, StringComparison.Ordinal);
        Assert.EndsWith("&from=" + Uri.EscapeDataString("2026-11-26T11:59:00.000Z"), link, StringComparison.Ordinal);

        // Down for two minutes; the new process has no samples yet, so its first evaluations find nothing.
        _time.Advance(TimeSpan.FromMinutes(2));
        using var second = NewProcess();
        await second.Alerter.StepAsync(CancellationToken.None);
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(20));
            await second.HotStepAsync();
        }

        Assert.Single(_receiver.Requests);
        var stored = await second.Store.GetAsync(LabelSet.Of([("alertname", "GpuHot"), ("host", "node1")]).Fingerprint, CancellationToken.None);
        Assert.Equal(AlertState.Firing, stored!.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero), stored.StartsAt);

        // The GPU cools down: the resolution is real, and is sent with the original startsAt.
        for (var i = 0; i < 4; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(30));
            await second.Alerter.StepAsync(CancellationToken.None);
        }

        Assert.Equal(2, _receiver.Requests.Count);
        using var resolved = JsonDocument.Parse(_receiver.Bodies[1]);
        Assert.Equal("resolved", resolved.RootElement.GetProperty("status").GetString());
        var alert = Assert.Single(resolved.RootElement.GetProperty("alerts").EnumerateArray().ToList());
        Assert.Equal("2026-11-26T12:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.NotEqual(AlertmanagerPayload.ZeroTime, alert.GetProperty("endsAt").GetString());
    }

    [Fact]
    public async Task A_restored_alert_whose_condition_is_gone_resolves_only_after_the_rule_saw_a_full_window()
    {
        using (var first = NewProcess())
        {
            await first.HotStepAsync();
        }

        using var second = NewProcess();
        await second.Alerter.StepAsync(CancellationToken.None); // restores, holding the alert for the rule's window (1m)
        _time.Advance(TimeSpan.FromSeconds(59));
        await second.Alerter.StepAsync(CancellationToken.None);
        var fp = LabelSet.Of([("alertname", "GpuHot"), ("host", "node1")]).Fingerprint;
        Assert.Equal(AlertState.Firing, (await second.Store.GetAsync(fp, CancellationToken.None))!.State);

        _time.Advance(TimeSpan.FromSeconds(1));
        await second.Alerter.StepAsync(CancellationToken.None);
        Assert.Equal(AlertState.Resolved, (await second.Store.GetAsync(fp, CancellationToken.None))!.State);
    }

    private Process NewProcess() => new(_path, _time, _receiver, _http);

    /// <summary>One alerter process: its own rule state, tracker and dispatcher over the shared store file.</summary>
    private sealed class Process : IDisposable
    {
        private readonly RuleEngine _rules;
        private readonly AlertDispatcher _dispatcher;
        private readonly TimeProvider _time;

        public Process(string path, TimeProvider time, HttpReceiver receiver, HttpClient http)
        {
            _time = time;
            var kql = new KqlAlertQueryCompiler();
            _rules = new RuleEngine(RuleLoader.Load(Rules, kql));
            Store = new DuckDbAlertStore(path, time);
            _dispatcher = new AlertDispatcher(new AlertDispatcherOptions { DefaultRoute = Route }, [new WebhookNotifier("oncall", receiver.Url, http)], Store, time, kql);
            Alerter = new Alerter(_rules, new AlertTracker(), Store, _dispatcher, null, time) { GeneratorBaseUrl = () => "http://127.0.0.1:5601" };
        }

        public DuckDbAlertStore Store { get; }

        public Alerter Alerter { get; }

        public async Task HotStepAsync()
        {
            var doc = new EcsDocument { Timestamp = _time.GetUtcNow() };
            doc.Set(EcsFields.HostName, "node1");
            doc.Set("gpu.temperature.celsius", 91.0);
            _rules.Observe(doc, _time.GetUtcNow());
            await Alerter.StepAsync(CancellationToken.None);
        }

        public void Dispose()
        {
            _dispatcher.Dispose();
            Store.Dispose();
        }
    }
}
