using Observability.Testing;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Agent.Spool;
using Observability.Agent.Tests.Support;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Agent.Tests.Kafka;

/// <summary>
/// Durability through a real Kafka wire protocol (librdkafka's mock cluster, 3 brokers). Line counts are scaled down
/// from the 500k to keep the suite fast (one outage case lasts the full 60 s); <c>obs bench
/// agent-kill</c> runs the kill -9 case at full size.
/// </summary>
public sealed class AgentKafkaDurabilityTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static string Line(int i) => $"2026-11-26T10:00:00Z INFO rank={i % 8} step={i:D7} loss=0.{i % 997:D3} durability test line";

    [Theory]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    [InlineData(true, 60)] // the full outage: 60 s with every broker down
    public async Task All_brokers_down_loses_nothing_the_spool_fills_then_drains(bool native, int outageSeconds)
    {
        const int before = 5_000, during = 25_000, after = 5_000;
        var topic = kafka.CreateUniqueTopic("outage", partitions: 8);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var options = kafka.CreateOptions("outage");
        options.MessageTimeoutMs = 120_000;
        await using var producer = ProducerUnderTest.Create(native, options);
        var spoolOptions = new SpoolOptions { Directory = dir.File("spool"), MaxBytes = 2 * 1024 * 1024, SpoolAfter = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(500) };
        await using var spool = new SpoolingProducer(producer, spoolOptions, TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        var fileOptions = AgentHarness.Options(dir, log);
        fileOptions.Topic = topic;
        fileOptions.MaxBatchLines = 500;
        await using var h = new AgentHarness(fileOptions, spool);

        await File.AppendAllLinesAsync(log, Enumerable.Range(0, before).Select(Line));
        await Poll.UntilAsync(() => h.Agent.Telemetry.Value("sent") >= before, TimeSpan.FromSeconds(30), "before the outage");
        for (var b = 1; b <= kafka.BrokerCount; b++)
        {
            kafka.SetBrokerDown(b);
        }

        var outage = Stopwatch.StartNew();
        long maxSpooled = 0;
        try
        {
            await File.AppendAllLinesAsync(log, Enumerable.Range(before, during).Select(Line));
            // The spool takes what the brokers cannot, up to its bound; then tailing pauses (bytes stay behind).
            await Poll.UntilAsync(() => (maxSpooled = Math.Max(maxSpooled, spool.SpooledBytes)) > spoolOptions.MaxBytes / 2, TimeSpan.FromSeconds(60), "spool filling");
            // Full: no room for another batch of 500 events (~200 kB encoded).
            await Poll.UntilAsync(() => spool.SpooledBytes > spoolOptions.MaxBytes - (256 * 1024), TimeSpan.FromSeconds(30), $"spool full: {spool.SpooledBytes}");
            Assert.True(h.Agent.Files.Single().AckedOffset < new FileInfo(log).Length);
            // Batches smaller than the room left may still squeeze in; wait until the acknowledged offset settles.
            var ackedWhileFull = -1L;
            for (var i = 0; i < 30 && ackedWhileFull != h.Agent.Files.Single().AckedOffset; i++)
            {
                ackedWhileFull = h.Agent.Files.Single().AckedOffset;
                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(TimeSpan.FromSeconds(2)); // the outage goes on: the full spool must hold the agent back
            Assert.True(ackedWhileFull == h.Agent.Files.Single().AckedOffset,
                $"acked moved {ackedWhileFull} -> {h.Agent.Files.Single().AckedOffset}; spooled={spool.EventsSpooled} replayed={spool.EventsReplayed} batches={spool.SpooledBatches} bytes={spool.SpooledBytes} failures={spool.ReplayFailures} {h.Agent.Telemetry}");
            Assert.True(spool.SpooledBytes <= spoolOptions.MaxBytes);
            if (outageSeconds > 0)
            {
                // The outage lasts its full length; the spool stays within its bound and the agent stays held back.
                await Task.Delay(TimeSpan.FromSeconds(outageSeconds) - outage.Elapsed is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
                Assert.Equal(ackedWhileFull, h.Agent.Files.Single().AckedOffset);
                Assert.True(spool.SpooledBytes <= spoolOptions.MaxBytes);
            }
        }
        finally
        {
            for (var b = 1; b <= kafka.BrokerCount; b++)
            {
                kafka.SetBrokerUp(b);
            }
        }

        await File.AppendAllLinesAsync(log, Enumerable.Range(before + during, after).Select(Line));
        const int total = before + during + after;
        await Poll.UntilAsync(() => h.Agent.Files.Single().AckedOffset == new FileInfo(log).Length && spool.SpooledBatches == 0, TimeSpan.FromSeconds(90), $"drained: {h.Agent.Telemetry} spool={spool.SpooledBatches}");
        Assert.True(spool.EventsSpooled > 0);
        Assert.Equal(spool.EventsSpooled, spool.EventsReplayed);

        var (byId, _) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, total, TimeSpan.FromSeconds(60));
        Assert.Equal(total, byId.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(Line).Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Five_kill_9_of_the_agent_process_lose_nothing()
    {
        const int total = 50_000, kills = 5;
        var topic = kafka.CreateUniqueTopic("kill", partitions: 8);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var state = dir.File("state");
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < total; i += 500)
            {
                await File.AppendAllLinesAsync(log, Enumerable.Range(i, 500).Select(Line));
                await Task.Delay(50);
            }
        });

        long lastOffset = 0;
        for (var k = 0; k <= kills; k++)
        {
            using var child = StartHost(log, state, topic);
            try
            {
                if (k < kills)
                {
                    // Kill once the agent made progress since the last start (its checkpoint moved).
                    var from = lastOffset;
                    // (Once the writer is done and everything is acknowledged there is no progress left to wait for.)
                    await Poll.UntilAsync(() => CheckpointOffset(state) > from || child.HasExited || (writer.IsCompleted && CheckpointOffset(state) == new FileInfo(log).Length),
                        TimeSpan.FromSeconds(60), $"progress before kill {k}");
                    Assert.False(child.HasExited, child.HasExited ? await child.StandardError.ReadToEndAsync() : null);
                    child.Kill(); // SIGKILL: no shutdown, no final checkpoint
                    await child.WaitForExitAsync();
                    lastOffset = CheckpointOffset(state);
                }
                else
                {
                    await writer;
                    await Poll.UntilAsync(() => CheckpointOffset(state) == new FileInfo(log).Length, TimeSpan.FromSeconds(60), "final run acknowledged everything");
                }
            }
            finally
            {
                if (!child.HasExited)
                {
                    child.Kill();
                }
            }
        }

        var (byId, received) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, total, TimeSpan.FromSeconds(60));
        Assert.Equal(total, byId.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(Line).Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));
        Assert.True(received >= total); // duplicates allowed; removed by event id
    }

    private Process StartHost(string log, string state, string topic) => AgentHostProcess.Start(log, state, kafka.BootstrapServers, topic);

    private static long CheckpointOffset(string state) => AgentHostProcess.CheckpointOffsets(state).DefaultIfEmpty(0).Max();
}
