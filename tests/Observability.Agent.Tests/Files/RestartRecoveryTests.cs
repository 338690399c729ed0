using Observability.Testing;
using System.IO.Compression;
using Observability.Agent.Files;
using Observability.Agent.Tests.Support;
using Observability.Core.Telemetry;
using Observability.Testing.Logging;

namespace Observability.Agent.Tests.Files;

/// <summary>
/// What happened to known files while the agent was down: renamed out of the include pattern, compressed, written
/// and rotated without the agent ever seeing them, or deleted before they were finished.
/// </summary>
public sealed class RestartRecoveryTests
{
    private static string Line(int i) => $"2026-11-26T10:00:00Z INFO rank=1 step={i:D7} restart recovery test line";

    /// <summary>First run: <paramref name="lines"/> lines of app.log, of which only <paramref name="acknowledged"/> are acknowledged before the agent stops.</summary>
    private static async Task<CapturingProducer> FirstRunAsync(TemporaryDirectory dir, int lines, int acknowledged)
    {
        var producer = new CapturingProducer { AcknowledgeOnly = acknowledged };
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(0, lines).Select(Line));
        var options = Options(dir);
        await using (var h = new AgentHarness(options, producer))
        {
            await Poll.UntilAsync(() => producer.Produced >= acknowledged && h.Agent.Files.Single().ReadOffset == new FileInfo(dir.File("app.log")).Length,
                TimeSpan.FromSeconds(30), $"first run read the file: {h.Agent.Telemetry}");
            await h.StopAsync();
        }

        Assert.Equal(acknowledged, producer.Produced);
        return producer;
    }

    private static FileInputOptions Options(TemporaryDirectory dir)
    {
        var options = AgentHarness.Options(dir, dir.File("app.log"));
        options.MaxBatchLines = 50;
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        return options;
    }

    private static async Task<(CapturingProducer Producer, ComponentTelemetry Stats, RecordingLogger<FileAgent> Log)> SecondRunAsync(TemporaryDirectory dir, int expected)
    {
        var producer = new CapturingProducer();
        var log = new RecordingLogger<FileAgent>();
        await using var h = new AgentHarness(Options(dir), producer, log);
        // Files left at start-up are resumed before the first scan; once only the live file is left and it is acknowledged, all is read.
        await Poll.UntilAsync(() => producer.Produced >= expected && h.Agent.Files is [{ } live] && live.Path == dir.File("app.log") && live.AckedOffset == live.Size,
            TimeSpan.FromSeconds(30), $"second run: {producer.Produced} of {expected}, {h.Agent.Telemetry}, {h.RunStatus}");
        await h.StopAsync();
        return (producer, h.Agent.Telemetry, log);
    }

    private static void AssertExactlyOnce(CapturingProducer first, CapturingProducer second, IEnumerable<string> expected)
    {
        var all = first.Documents().Concat(second.Documents()).ToList();
        var ids = all.Select(d => d.GetProperty("event").GetProperty("id").GetString()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), all.Select(d => d.GetProperty("message").GetString()!).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_file_renamed_out_of_the_pattern_while_the_agent_was_down_is_finished_from_its_checkpoint()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var first = await FirstRunAsync(dir, lines: 500, acknowledged: 200);
        await File.AppendAllLinesAsync(dir.File("app.log"), Enumerable.Range(500, 100).Select(Line)); // written while down
        File.Move(dir.File("app.log"), dir.File("app.log.1"));
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(600, 50).Select(Line));

        var (second, stats, _) = await SecondRunAsync(dir, expected: 450);

        AssertExactlyOnce(first, second, Enumerable.Range(0, 650).Select(Line));
        Assert.Equal(1, stats.Value("files_resumed"));
        Assert.Equal(400, second.Documents().Count(d => d.GetProperty("log").GetProperty("file").GetProperty("path").GetString() == dir.File("app.log.1")));
    }

    [Fact]
    public async Task A_gz_rotation_of_an_unfinished_file_is_read_through_the_decompressor_from_its_checkpoint()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var first = await FirstRunAsync(dir, lines: 500, acknowledged: 150);
        File.Move(dir.File("app.log"), dir.File("app.log.1"));
        Gzip(dir.File("app.log.1"), dir.File("app.log.1.gz"));
        File.Delete(dir.File("app.log.1"));
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(500, 20).Select(Line));

        var (second, stats, _) = await SecondRunAsync(dir, expected: 370);

        AssertExactlyOnce(first, second, Enumerable.Range(0, 520).Select(Line));
        Assert.Equal(1, stats.Value("files_resumed"));
        // The next start knows the .gz is finished: nothing is read again.
        var (third, thirdStats, _) = await SecondRunAsync(dir, expected: 0);
        Assert.Equal(0, third.Produced);
        Assert.Equal(0, thirdStats.Value("files_resumed"));
    }

    [Fact]
    public async Task A_rotation_written_and_renamed_away_while_the_agent_was_down_is_read_from_its_start()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var first = await FirstRunAsync(dir, lines: 100, acknowledged: 100);
        File.Move(dir.File("app.log"), dir.File("app.log.1"));
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(100, 300).Select(Line)); // never seen by the agent
        File.Move(dir.File("app.log"), dir.File("app.log.2"));
        await File.WriteAllLinesAsync(dir.File("app.log"), Enumerable.Range(400, 10).Select(Line));

        var (second, stats, _) = await SecondRunAsync(dir, expected: 310);

        AssertExactlyOnce(first, second, Enumerable.Range(0, 410).Select(Line));
        Assert.Equal(1, stats.Value("files_resumed"));
    }

    [Fact]
    public async Task A_known_file_deleted_before_it_was_finished_is_counted_and_logged()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await FirstRunAsync(dir, lines: 500, acknowledged: 100);
        File.Delete(dir.File("app.log"));
        // The directory stays; a new file there may get the deleted file's inode (and here even its first bytes).
        await File.WriteAllLinesAsync(dir.File("other.log"), [Line(0)]);

        var producer = new CapturingProducer();
        var log = new RecordingLogger<FileAgent>();
        await using var h = new AgentHarness(Options(dir), producer, log);
        await Poll.UntilAsync(() => h.Agent.Telemetry.Value("files_lost_unfinished") == 1, TimeSpan.FromSeconds(30), "the unfinished file counted");
        await h.StopAsync();

        Assert.Contains(log.Lines, l => l.StartsWith("Warning:", StringComparison.Ordinal) && l.Contains(dir.File("app.log"), StringComparison.Ordinal) && l.Contains("never shipped", StringComparison.Ordinal));
        Assert.Equal(0, producer.Produced);
        // Counted once: the next start does not report it again.
        await File.WriteAllLinesAsync(dir.File("app.log"), [Line(1)]);
        await using var again = new AgentHarness(Options(dir), new CapturingProducer());
        await Poll.UntilAsync(() => again.Agent.Telemetry.Value("files_watched") == 1, TimeSpan.FromSeconds(30), "second start scanned");
        await again.StopAsync();
        Assert.Equal(0, again.Agent.Telemetry.Value("files_lost_unfinished"));
    }

    private static void Gzip(string from, string to)
    {
        using var input = File.OpenRead(from);
        using var output = new GZipStream(File.Create(to), CompressionLevel.Fastest);
        input.CopyTo(output);
    }
}
