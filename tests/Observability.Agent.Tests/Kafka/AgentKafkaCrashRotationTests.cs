using Observability.Agent.Tests.Support;
using Observability.Testing.Kafka;
using Observability.Testing;

namespace Observability.Agent.Tests.Kafka;

/// <summary>
/// The crash loop of the issue, scaled down (40,000 lines instead of 200,000): the agent follows only the live file,
/// the writer renames it out of the pattern every 4,000 lines, and the agent process is killed with SIGKILL three
/// times in its first seconds and restarted at once. Files renamed (or written and renamed) while it was down must
/// be finished from the checkpoint store; <c>obs bench agent-kill --rotate-every</c> runs the full size.
/// </summary>
public sealed class AgentKafkaCrashRotationTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private static string Line(int i) => $"2026-11-26T10:00:00Z INFO rank={i % 8} step={i:D7} crash rotation test line";

    [Fact]
    public async Task Three_kill_9_in_the_first_seconds_while_files_rotate_out_of_the_pattern_lose_nothing()
    {
        const int total = 40_000, every = 4_000, kills = 3;
        var topic = kafka.CreateUniqueTopic("crashrot", partitions: 4);
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var state = dir.File("state");
        Task? writer = null;
        for (var k = 0; k < kills; k++)
        {
            using var child = AgentHostProcess.Start(log, state, kafka.BootstrapServers, topic, dir.File("agent.log"));
            try
            {
                if (writer is null)
                {
                    // As in the issue, the agent is running when the writer starts (a file never seen is unknown to any restart).
                    await File.AppendAllLinesAsync(log, Enumerable.Range(0, 500).Select(Line));
                    await Poll.UntilAsync(() => Acknowledged(state) > 0 || child.HasExited, TimeSpan.FromSeconds(60), "first checkpoint");
                    writer = Task.Run(() => WriteRotatingAsync(log, from: 500, total, every));
                }

                // Killed as soon as it has saved a checkpoint beyond the last one: within its first second or so.
                var from = Acknowledged(state);
                await Poll.UntilAsync(() => Acknowledged(state) > from || child.HasExited, TimeSpan.FromSeconds(60), $"progress before kill {k}");
                Assert.False(child.HasExited, child.HasExited ? await child.StandardError.ReadToEndAsync() : null);
            }
            finally
            {
                child.Kill(); // SIGKILL: no shutdown, no final checkpoint
                await child.WaitForExitAsync();
            }
        }

        await writer!;
        using var last = AgentHostProcess.Start(log, state, kafka.BootstrapServers, topic, dir.File("agent.log"));
        try
        {
            var (byId, received) = await KafkaConsumerCounting.ReadDistinctAsync(kafka, topic, total, TimeSpan.FromSeconds(120));
            Assert.True(total == byId.Count, $"{byId.Count} of {total} arrived; the agents' log:{Environment.NewLine}{await File.ReadAllTextAsync(dir.File("agent.log"))}");
            Assert.Equal(Enumerable.Range(0, total).Select(Line).Order(StringComparer.Ordinal), byId.Values.Order(StringComparer.Ordinal));
            Assert.True(received >= total); // duplicates allowed (at most about a checkpoint interval per kill); removed by event id
        }
        finally
        {
            last.Kill();
            await last.WaitForExitAsync();
        }
    }

    /// <summary>About 10,000 lines a second; the live file is renamed out of the pattern every <paramref name="every"/> lines.</summary>
    private static async Task WriteRotatingAsync(string log, int from, int total, int every)
    {
        for (var i = from; i < total; i += 500)
        {
            await File.AppendAllLinesAsync(log, Enumerable.Range(i, 500).Select(Line));
            if ((i + 500) % every == 0 && i + 500 < total)
            {
                File.Move(log, $"{log}.{(i + 500) / every}");
            }

            await Task.Delay(50);
        }
    }

    private static long Acknowledged(string state) => AgentHostProcess.CheckpointOffsets(state).Sum();
}
