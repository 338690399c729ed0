using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Rules;
using Observability.Detection.Storage;
using Observability.Transport.InProcess;

namespace Observability.Detection.Tests.Hosting;

public sealed class TransportTests
{
    [Fact]
    public async Task Metrics_from_the_transport_are_acknowledged_after_detection_and_alert_changes_are_published_to_obs_alerts()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obs-detect-transport-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var transport = new InProcessTransport();
        var rules = new RuleEngine(BuiltInRules.Load(new KqlAlertQueryCompiler()));
        var engine = new DetectionEngine(new DetectionOptions(), rules, time);
        using var consumerService = new DetectionConsumerService(transport.CreateConsumer(Topics.Metrics, Topics.Logs), engine, time, NullLogger<DetectionConsumerService>.Instance);
        await consumerService.StartAsync(CancellationToken.None);

        var good = new EcsDocument();
        good.Set(EcsFields.HostName, "node9");
        good.Set("training.job.id", "job-t");
        good.Set("training.loss", double.NaN);
        var producer = transport.CreateProducer();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Completes only when the detector acknowledged the batch; the bad message is counted, not fatal.
        await producer.ProduceAsync(
            [new TransportMessage(Topics.Metrics, "node9", EcsJson.ToUtf8(good)), new TransportMessage(Topics.Metrics, "node9", "not json"u8.ToArray())],
            timeout.Token);
        Assert.Equal(1, engine.Telemetry.Value("received"));
        Assert.Equal(1, engine.Telemetry.Value("dropped", "invalid"));

        using var store = new DuckDbAlertStore(Path.Combine(dir, "alerts.duckdb"), time);
        using var dispatcher = new AlertDispatcher(new AlertDispatcherOptions(), [], store, time);
        var alerter = new Alerter(rules, new AlertTracker(), store, dispatcher, transport.CreateProducer(), time);
        var alertsConsumer = transport.CreateConsumer(Topics.Alerts);
        var step = alerter.StepAsync(timeout.Token);
        var batch = await alertsConsumer.ReceiveAsync(10, TimeSpan.FromSeconds(30), timeout.Token);
        // The NaN loss fires TrainingLossNonFinite at once and makes TrainingAnomaly pending (it has a 'for').
        var docs = batch.Messages.Select(m => EcsJson.Parse(m.Value.Span)).ToList();
        var doc = Assert.Single(docs, d => d.GetString("alert.name") == "TrainingLossNonFinite");
        batch.Acknowledge();
        await step;
        Assert.Equal("TrainingLossNonFinite", doc.GetString("alert.name"));
        Assert.Equal("firing", doc.GetString("alert.state"));
        Assert.Equal("job-t", doc.GetString("labels.job"));
        Assert.Equal(docs.Count, alerter.Published);
        Assert.All(docs, d => Assert.Equal("obs.alerts", d.GetString("event.dataset")));
        await consumerService.StopAsync(CancellationToken.None);
    }
}
