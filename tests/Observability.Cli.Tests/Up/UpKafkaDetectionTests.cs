using Observability.Cli.Up;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Http;
using Observability.Testing.Kafka;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up --kafka</c> hosts the detector as its own consumer group (<c>obs-detector</c>) on a 3-broker mock Kafka
/// cluster: the same temperature step reaches the webhook, the alert is in the main store, and its state change is
/// published to <c>obs.alerts</c>.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpKafkaDetectionTests : IClassFixture<MockKafkaCluster>, IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly MockKafkaCluster _kafka;
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-kafka-detect");
    private readonly HttpReceiver _receiver = new();

    public UpKafkaDetectionTests(MockKafkaCluster kafka)
    {
        _kafka = kafka;
        UpKafkaTopics.Create(kafka);
    }

    [Fact]
    public async Task With_kafka_the_detector_group_raises_the_alert_and_publishes_it_to_obs_alerts()
    {
        await using var up = UpApplication.Create(new UpSettings
        {
            DataDirectory = _dir.File("data"),
            ConfigFile = GpuTemperatureStep.WriteConfig(_dir, _receiver.Url),
            Kafka = _kafka.CreateOptions("obs-up-detect"),
            PipelinesDirectory = string.Empty,
            Interactive = false,
            StatusInterval = TimeSpan.Zero,
            ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
        });
        await up.StartAsync(CancellationToken.None);
        using var timeout = new CancellationTokenSource(Generous);
        await up.Context.Transport.CreateProducer().ProduceAsync(GpuTemperatureStep.Messages(), timeout.Token);

        await Poll.UntilAsync(() => GpuTemperatureStep.Firing(_receiver).Any(GpuTemperatureStep.IsThermal), Generous, "the GpuHealth thermal alert delivered to the webhook");
        Assert.All(GpuTemperatureStep.Firing(_receiver), a => Assert.Equal("1", a.GetProperty("labels").GetProperty("gpu").GetString()));
        Assert.Equal(1, up.Context.Store.QueryScalar<long>(
            "SELECT count(*) FROM obs_alerts WHERE alertname = 'GpuHealth' AND state = 'firing' AND json_extract_string(labels, '$.kind') = 'thermal'"));

        // The state change on obs.alerts, read by a consumer group of the test's own.
        var alerts = up.Context.Transport.CreateConsumer("obs-detect-test", Topics.Alerts);
        var published = false;
        while (!published && !timeout.IsCancellationRequested)
        {
            var received = await alerts.ReceiveCountAsync(1, TimeSpan.FromSeconds(5), cancellationToken: timeout.Token);
            published = received.Select(m => EcsJson.Parse(m.Value.Span))
                .Any(d => d.GetString("alert.name") == "GpuHealth" && d.GetString("alert.state") == "firing" && d.GetString("labels.kind") == "thermal");
        }

        Assert.True(published, "the firing GpuHealth alert published to obs.alerts");
        await up.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await _receiver.DisposeAsync();
        _dir.Dispose();
    }
}
