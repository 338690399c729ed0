using Observability.Agent.Files;
using Observability.Agent.Tests.Support;
using Observability.Testing;

namespace Observability.Agent.Tests.Files;

/// <summary>
/// Rotation while lines are written. Sizes are scaled down from the 500k lines to keep the suite fast on
/// 2 cores; <c>obs bench agent-durability</c> runs the full sizes.
/// </summary>
public sealed class RotationTests
{
    private static string Line(int i) => $"2026-11-26T10:00:00Z INFO rank=3 step={i:D7} loss=0.{i % 997:D3} rotating test line";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_rename_storm_loses_nothing_and_duplicates_nothing(bool rotatedNamesMatch)
    {
        const int total = 60_000, every = 5_000;
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(AgentHarness.Options(dir, rotatedNamesMatch ? log + "*" : log), producer);

        var w = new StreamWriter(log, append: true);
        for (var i = 0; i < total; i++)
        {
            await w.WriteLineAsync(Line(i));
            if ((i + 1) % every == 0)
            {
                await w.DisposeAsync();
                if (!rotatedNamesMatch)
                {
                    // Only the open handle leads to this file once it is renamed out of the pattern: the agent must
                    // have opened it (read one line of it) first. The rest of the file is read through the handle.
                    var firstOfFile = i + 1 - every;
                    await Poll.UntilAsync(() => h.Agent.Telemetry.Value("received") > firstOfFile, TimeSpan.FromSeconds(30), "file opened");
                }

                File.Move(log, $"{log}.{(i + 1) / every}");
                w = new StreamWriter(log, append: true);
            }
        }

        await w.WriteLineAsync("last");
        await w.DisposeAsync();
        await Poll.UntilAsync(() => producer.Produced >= total + 1, TimeSpan.FromSeconds(60), $"all lines delivered: {producer.Produced} {h.Agent.Telemetry} {h.RunStatus}");
        if (!rotatedNamesMatch)
        {
            await Poll.UntilAsync(() => h.Agent.Telemetry.Value("files_watched") == 1, TimeSpan.FromSeconds(30), "rotated files let go");
        }

        await h.StopAsync();
        var messages = producer.Messages();
        Assert.Equal(total + 1, messages.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(Line).Append("last").Order(StringComparer.Ordinal), messages.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_renamed_file_still_matched_by_the_pattern_keeps_its_identity_and_is_not_read_again()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var producer = new CapturingProducer();
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(0, 100).Select(Line));
        await using var h = new AgentHarness(AgentHarness.Options(dir, dir.File("app.log*")), producer);
        await Poll.UntilAsync(() => producer.Produced == 100);
        File.Move(dir.File("app.log"), dir.File("app.log.1"));
        await File.AppendAllLinesAsync(dir.File("app.log.1"), [Line(100)]);
        await File.WriteAllLinesAsync(dir.File("app.log"), [Line(101)]);
        await Poll.UntilAsync(() => producer.Produced >= 102);
        await h.StopAsync();
        Assert.Equal(102, producer.Messages().Distinct().Count());
        Assert.Equal(102, producer.Produced);
    }

    [Fact]
    public async Task Copytruncate_loses_nothing_when_the_agent_had_read_up_to_the_copy()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(AgentHarness.Options(dir, log), producer);
        var written = 0;
        for (var round = 0; round < 5; round++)
        {
            // Lines of different length per round: new content must not look like the old (fingerprint and offset).
            await File.AppendAllLinesAsync(log, Enumerable.Range(written, 2000 + (round * 100)).Select(Line));
            written += 2000 + (round * 100);
            await Poll.UntilAsync(() => producer.Produced >= written, TimeSpan.FromSeconds(30), $"round {round} read");
            File.Copy(log, $"{log}.{round}");
            await using (var fs = new FileStream(log, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
            {
                fs.SetLength(0); // logrotate copytruncate
            }
        }

        await File.AppendAllLinesAsync(log, Enumerable.Range(written, 10).Select(Line));
        written += 10;
        await Poll.UntilAsync(() => producer.Produced >= written, TimeSpan.FromSeconds(30), "after the last truncation");
        await h.StopAsync();
        var messages = producer.Messages();
        Assert.Equal(written, messages.Count);
        Assert.Equal(written, messages.Distinct().Count());
        Assert.True(h.Agent.Telemetry.Value("truncations") >= 5);
        var ids = producer.Documents().Select(d => d.GetProperty("event").GetProperty("id").GetString()).Distinct().Count();
        Assert.Equal(written, ids); // new content after a truncation never reuses an old event id
    }

    [Fact]
    public async Task A_deleted_file_is_read_to_its_end_and_a_new_file_on_a_reused_inode_is_read_from_the_start()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(AgentHarness.Options(dir, dir.File("*.log")), producer);
        await File.WriteAllLinesAsync(dir.File("a.log"), Enumerable.Range(0, 50).Select(i => $"old content line {i} with enough bytes for a fingerprint"));
        await Poll.UntilAsync(() => producer.Produced == 50);
        File.Delete(dir.File("a.log"));
        await Poll.UntilAsync(() => h.Agent.Telemetry.Value("files_watched") == 0, TimeSpan.FromSeconds(30), "deleted file let go");
        await File.WriteAllLinesAsync(dir.File("a.log"), Enumerable.Range(0, 30).Select(i => $"NEW content line {i} with enough bytes for a fingerprint"));
        await Poll.UntilAsync(() => producer.Produced == 80);
        await h.StopAsync();
        Assert.Equal(30, producer.Messages().Count(m => m.StartsWith("NEW", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Ignore_older_skips_stale_files_and_exclude_patterns_skip_matches()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllLinesAsync(dir.File("old.log"), ["stale"]);
        File.SetLastWriteTimeUtc(dir.File("old.log"), DateTime.UtcNow.AddDays(-3));
        await File.WriteAllLinesAsync(dir.File("skip.debug.log"), ["excluded"]);
        await File.WriteAllLinesAsync(dir.File("fresh.log"), ["fresh"]);
        var o = AgentHarness.Options(dir, dir.File("*.log"));
        o.IgnoreOlder = TimeSpan.FromDays(1);
        o.Exclude = [dir.File("*.debug.log")];
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(o, producer);
        await Poll.UntilAsync(() => producer.Produced >= 1);
        await File.AppendAllLinesAsync(dir.File("fresh.log"), ["fresh 2"]);
        await Poll.UntilAsync(() => producer.Produced >= 2);
        await h.StopAsync();
        Assert.Equal(["fresh", "fresh 2"], producer.Messages());
    }

    [Fact]
    public async Task An_inactive_handle_is_closed_and_reopened_when_the_file_grows()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var o = AgentHarness.Options(dir, dir.File("*.log"));
        o.CloseInactive = TimeSpan.FromMilliseconds(200);
        var producer = new CapturingProducer();
        await File.WriteAllLinesAsync(dir.File("a.log"), ["one"]);
        await using var h = new AgentHarness(o, producer);
        await Poll.UntilAsync(() => producer.Produced == 1 && h.Agent.Telemetry.Value("files_open") == 0, TimeSpan.FromSeconds(30), "handle closed");
        Assert.Equal(1, h.Agent.Telemetry.Value("files_watched"));
        await File.AppendAllLinesAsync(dir.File("a.log"), ["two"]);
        await Poll.UntilAsync(() => producer.Produced == 2);
        Assert.Equal(["one", "two"], producer.Messages());
    }
}
