using Observability.Cli.Tests.Up;
using Observability.Cli.Up;
using Observability.Core.Transport;
using Observability.Detection.Hosting;
using Observability.Testing;
using Observability.Testing.Http;
using Observability.Testing.Kafka;

namespace Observability.Cli.Tests.Roles;

/// <summary>
/// Two <c>obs up --kafka --roles detector</c> processes' worth of services on one Kafka cluster (librdkafka's mock, a
/// real wire-protocol broker): only the holder of the <c>detector</c> lease consumes, evaluates and notifies, so every
/// alert reaches the webhook once, sent by the leader (each process names itself in the alerts' external URL). When
/// the leader goes, the other takes over from the acknowledged offsets and keeps evaluating.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpDetectorLeadershipTests : IClassFixture<MockKafkaCluster>, IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private static readonly string[] FirstHosts = ["gpu-node-1", "gpu-node-2", "gpu-node-3", "gpu-node-4"];
    private const string LaterHost = "gpu-node-5";
    private readonly MockKafkaCluster _kafka;
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-detector-roles");
    private readonly HttpReceiver _webhook = new();

    public UpDetectorLeadershipTests(MockKafkaCluster kafka)
    {
        _kafka = kafka;
        UpKafkaTopics.Create(kafka);
    }

    [Fact]
    public async Task Two_detector_roles_notify_each_alert_once_from_the_leader_and_the_survivor_takes_over()
    {
        var a = UpApplication.Create(Settings("a"));
        var b = UpApplication.Create(Settings("b"));
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        UpApplication[] both = [a, b];
        // Both candidates in the lease's group first: a member that joins later makes the group hand the lease over
        // again, and a new leader starts with empty windows (docs/alerts.md), which is not what this test is about.
        await Poll.UntilAsync(() => both.All(UpLeases.AllJoined) && both.Count(Detecting) == 1, Generous, "one detector leader, both candidates joined");
        var leader = both.Single(Detecting);
        var survivor = leader == a ? b : a;

        // Hosts keyed onto every partition: the leader alone reads them all, the other is outside the group.
        await ProduceAsync(FirstHosts.SelectMany(h => GpuTemperatureStep.Messages(h)).ToList());
        await Poll.UntilAsync(() => FirstHosts.All(h => Notified(h).Count > 0), Generous, "the thermal alert of every host notified");
        Assert.All(FirstHosts, h => Assert.Equal([Name(leader)], Notified(h)));
        Assert.False(Detecting(survivor));

        // The leader goes: the survivor joins the group from the acknowledged offsets and evaluates what comes next.
        await leader.DisposeAsync();
        await Poll.UntilAsync(() => Detecting(survivor), Generous, "the survivor leads the detector");
        await ProduceAsync(GpuTemperatureStep.Messages(LaterHost));
        await Poll.UntilAsync(() => Notified(LaterHost).Count > 0, Generous, "the new leader's alert notified");

        Assert.Equal([Name(survivor)], Notified(LaterHost));
        Assert.All(FirstHosts, h => Assert.Equal([Name(leader)], Notified(h))); // not read again, so not notified again
        await survivor.DisposeAsync();
    }

    private static bool Detecting(UpApplication up) => UpLeases.Gated(up).Any(g => g.Current is DetectorLeaderTerm);

    /// <summary>"a" or "b", as in the process' data directory and its alerts' external URL.</summary>
    private static string Name(UpApplication up) => Path.GetFileName(Path.TrimEndingDirectorySeparator(up.Context.DataDirectory))["data-".Length..];

    /// <summary>Which process sent each firing thermal notification of <paramref name="host"/>, one entry per notification.</summary>
    private List<string> Notified(string host) => _webhook.Bodies
        .Select(b => System.Text.Json.JsonDocument.Parse(b).RootElement)
        .Where(r => r.GetProperty("status").GetString() == "firing")
        .SelectMany(r => r.GetProperty("alerts").EnumerateArray().Select(alert => (Sender: r.GetProperty("externalURL").GetString()!, Alert: alert)))
        .Where(x => GpuTemperatureStep.IsThermal(x.Alert) && x.Alert.GetProperty("labels").GetProperty("host").GetString() == host)
        .Select(x => new Uri(x.Sender).Host.Split('.')[0])
        .ToList();

    private async Task ProduceAsync(IReadOnlyList<TransportMessage> messages)
    {
        await using var producer = new Transport.Kafka.KafkaMessageProducer(_kafka.CreateOptions("obs-detector-roles-test"));
        using var timeout = new CancellationTokenSource(Generous);
        await producer.ProduceAsync(messages, timeout.Token);
    }

    private UpSettings Settings(string name) => new()
    {
        DataDirectory = _dir.File($"data-{name}"),
        ConfigFile = GpuTemperatureStep.WriteConfig(_dir, _webhook.Url, $"obs-{name}", externalUrl: $"http://{name}.detector.test:9093"),
        Kafka = UpLeases.Options(_kafka, $"obs-detector-roles-{name}"),
        Roles = ["detector"],
        Metrics = false,
        PipelinesDirectory = string.Empty,
        Interactive = false,
        StatusInterval = TimeSpan.Zero,
        ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
    };

    public async ValueTask DisposeAsync()
    {
        await _webhook.DisposeAsync();
        _dir.Dispose();
    }
}
