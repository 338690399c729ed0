using Observability.Cli.Up;
using Observability.Core.Transport;
using Observability.Storage.Abstractions;
using Observability.Testing;
using Observability.Testing.Kafka;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// <c>obs up --kafka</c>: the same path with a 3-broker Kafka cluster (librdkafka's mock, a real wire-protocol
/// broker) between the agent and the indexer.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpKafkaEndToEndTests : IClassFixture<MockKafkaCluster>, IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(3);
    private readonly MockKafkaCluster _kafka;
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-kafka");

    public UpKafkaEndToEndTests(MockKafkaCluster kafka)
    {
        _kafka = kafka;
        UpKafkaTopics.Create(kafka);
    }

    [Fact]
    public async Task Lines_appended_while_obs_up_runs_through_a_3_broker_kafka_cluster_are_all_searchable_exactly_once()
    {
        Assert.Equal(3, _kafka.BrokerCount);
        var writer = new LogFileWriter(_dir.File("logs"), files: 4);
        await using var up = UpApplication.Create(new UpSettings
        {
            LogGlobs = [Path.Combine(_dir.Path, "logs", "*.log")],
            DataDirectory = _dir.File("data"),
            Kafka = _kafka.CreateOptions("obs-up-test"),
            Interactive = false,
            StatusInterval = TimeSpan.Zero,
            ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
        });
        await up.StartAsync(CancellationToken.None);

        // The mock keeps only 5 MiB of batches per partition (all lines of one host share a partition), so the test
        // keeps the backlog in Kafka under 20,000 lines: a lagging indexer on a starved machine would otherwise find
        // the oldest lines deleted, as with a real broker whose retention is shorter than the lag.
        for (var chunk = 0; chunk < 10; chunk++)
        {
            writer.Append(10_000);
            var before = chunk * 10_000;
            await Until(up, () => UpEndToEndTests.CountLines(up) >= before, $"the first {before:N0} lines stored");
        }

        await Until(up, () => UpEndToEndTests.CountLines(up) >= 100_000, "all 100,000 lines stored through Kafka");
        UpEndToEndTests.AssertExactlyOnce(up, writer);
        var count = await up.Context.Search.SearchAsync(new SearchRequest(LogFileWriter.Marker, CountOnly: true), CancellationToken.None);
        Assert.Equal(100_000, count.Total);
        await up.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Polls; a time-out also says whether the mock dropped lines the indexer had not read yet.</summary>
    private Task Until(UpApplication up, Func<bool> condition, string because) =>
        UpDiagnostics.UntilAsync(up, condition, Generous, because, () =>
            $"{Topics.Logs} offsets held by the mock: {string.Join(", ", _kafka.Watermarks(Topics.Logs, partitions: 3).Select(w => $"{w.Partition}: {w.Low}..{w.High}"))}");
}
