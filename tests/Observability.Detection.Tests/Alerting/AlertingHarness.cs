using Microsoft.Extensions.Time.Testing;
using Observability.Detection.Alerting;
using Observability.Detection.Storage;

namespace Observability.Detection.Tests.Alerting;

/// <summary>Tracker + dispatcher + a real DuckDB alert store in a temporary folder, on a fake clock.</summary>
public sealed class AlertingHarness : IDisposable
{
    public AlertingHarness(IReadOnlyList<INotifier> notifiers, Route? route = null, string? directory = null, FakeTimeProvider? time = null)
    {
        Directory = directory ?? Path.Combine(Path.GetTempPath(), "obs-detect-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        Store = new DuckDbAlertStore(Path.Combine(Directory, "alerts.duckdb"), Time);
        Route = route ?? new Route { Receiver = "oncall", GroupBy = ["alertname"], GroupWait = TimeSpan.FromSeconds(30), GroupInterval = TimeSpan.FromMinutes(5), RepeatInterval = TimeSpan.FromHours(4) };
        Dispatcher = new AlertDispatcher(new AlertDispatcherOptions { DefaultRoute = Route, ExternalUrl = "http://obs.test:9093", InitialBackoff = TimeSpan.FromSeconds(1) }, notifiers, Store, Time, new KqlAlertQueryCompiler());
    }

    public string Directory { get; }

    public FakeTimeProvider Time { get; }

    public DuckDbAlertStore Store { get; }

    public Route Route { get; }

    public AlertTracker Tracker { get; } = new();

    public AlertDispatcher Dispatcher { get; }

    public static AlertCandidate Candidate(string name, params (string, string)[] labels) =>
        new(LabelSet.Of([("alertname", name), .. labels]), new Dictionary<string, string> { ["summary"] = $"{name} is firing", ["description"] = "test alert" }, 90);

    /// <summary>Evaluates one rule's active set and ticks the dispatcher, as the alerter's loop does.</summary>
    public async Task StepAsync(string rule, IReadOnlyCollection<AlertCandidate> active, TimeSpan? forDuration = null)
    {
        var changed = Tracker.Apply(rule, active, forDuration ?? TimeSpan.Zero, Time.GetUtcNow());
        await Store.UpsertAsync(changed, CancellationToken.None);
        await TickAsync();
    }

    public async Task TickAsync()
    {
        var silences = await Store.ListSilencesAsync(Time.GetUtcNow(), CancellationToken.None);
        var acked = await Store.AcknowledgedAsync(CancellationToken.None);
        await Dispatcher.TickAsync(Tracker.Snapshot(), silences, acked, CancellationToken.None);
    }

    public void Dispose()
    {
        Dispatcher.Dispose();
        Store.Dispose();
    }
}
