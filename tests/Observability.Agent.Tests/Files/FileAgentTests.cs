using Observability.Testing;
using System.Text.Json;
using Observability.Agent.Files;
using Observability.Agent.Tests.Support;
using Observability.Core.Documents;

namespace Observability.Agent.Tests.Files;

public sealed class FileAgentTests
{
    [Fact]
    public async Task Tails_matching_files_from_their_start_one_event_per_line()
    {
        using var dir = TemporaryDirectory.Create("agent");
        Directory.CreateDirectory(dir.File("logs/sub"));
        await File.WriteAllLinesAsync(dir.File("logs/a.log"), Enumerable.Range(0, 1000).Select(i => $"a line {i}"));
        await File.WriteAllLinesAsync(dir.File("logs/sub/b.log"), Enumerable.Range(0, 500).Select(i => $"b line {i}"));
        await File.WriteAllTextAsync(dir.File("logs/c.txt"), "not matched\n");
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(AgentHarness.Options(dir, dir.File("logs/**/*.log")), producer);

        await Poll.UntilAsync(() => producer.Produced >= 1500);
        await using (var w = File.AppendText(dir.File("logs/a.log")))
        {
            await w.WriteLineAsync("appended later");
        }

        await Poll.UntilAsync(() => producer.Produced >= 1501);
        await h.StopAsync();

        var docs = producer.Documents();
        Assert.Equal(1501, docs.Count);
        Assert.Equal(1501, docs.Select(d => d.GetProperty("event").GetProperty("id").GetString()).Distinct().Count());
        var a = docs.Where(d => d.GetProperty("log").GetProperty("file").GetProperty("path").GetString()!.EndsWith("a.log", StringComparison.Ordinal)).ToList();
        Assert.Equal([.. Enumerable.Range(0, 1000).Select(i => $"a line {i}"), "appended later"], a.Select(d => d.GetProperty("message").GetString()));
        Assert.Equal(1501, h.Agent.Telemetry.Value("sent"));
        Assert.Equal(1501, h.Agent.Telemetry.Value("received"));
    }

    [Fact]
    public async Task Files_matched_by_a_dataset_glob_carry_that_dataset_and_the_rest_the_default()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllLinesAsync(dir.File("kern.log"), ["[ 12.5] NVRM: Xid (PCI:0000:3b:00): 79, GPU has fallen off the bus"]);
        await File.WriteAllLinesAsync(dir.File("train-0.log"), ["step=1 loss=0.5", "step=2 loss=0.4"]);
        await File.WriteAllLinesAsync(dir.File("other.log"), ["something else"]);
        var options = AgentHarness.Options(dir, dir.File("other.log"));
        options.AddLogsArgument($"kernel={dir.File("kern.log")}");
        options.AddLogsArgument($"training={dir.File("train-*.log")}");
        options.AddLogsArgument($"kernel={dir.File("train-*.log")}"); // a later rule for the same files loses: the first match wins
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(options, producer);
        await Poll.UntilAsync(() => producer.Produced >= 4);
        await h.StopAsync();

        var byFile = producer.Documents().ToLookup(d => Path.GetFileName(d.GetProperty("log").GetProperty("file").GetProperty("path").GetString()));
        string Dataset(JsonElement d) => d.GetProperty("event").GetProperty("dataset").GetString()!;
        Assert.Equal("kernel", Dataset(Assert.Single(byFile["kern.log"])));
        Assert.All(byFile["train-0.log"], d => Assert.Equal("training", Dataset(d)));
        Assert.Equal(2, byFile["train-0.log"].Count());
        Assert.Equal("generic", Dataset(Assert.Single(byFile["other.log"])));
        Assert.All(producer.Documents(), d => Assert.Equal(Dataset(d), d.GetProperty("data_stream").GetProperty("dataset").GetString()));
    }

    [Theory]
    [InlineData("kernel=/var/log/kern.log", "kernel", "/var/log/kern.log")]
    [InlineData("training.worker=/var/log/train/**/*.log", "training.worker", "/var/log/train/**/*.log")]
    [InlineData("/data/a=b/*.log", null, "/data/a=b/*.log")]
    [InlineData("Kernel=/var/log/kern.log", null, "Kernel=/var/log/kern.log")]
    [InlineData("kernel=", null, "kernel=")]
    [InlineData("=/x.log", null, "=/x.log")]
    public void A_logs_argument_is_a_glob_or_dataset_equals_glob(string argument, string? dataset, string glob)
    {
        var options = new FileInputOptions();
        options.AddLogsArgument(argument);
        if (dataset is null)
        {
            Assert.Equal(glob, Assert.Single(options.Include));
            Assert.Empty(options.Datasets);
        }
        else
        {
            var d = Assert.Single(options.Datasets);
            Assert.Equal((dataset, glob), (d.Dataset, d.Glob));
            Assert.Empty(options.Include);
        }
    }

    [Fact]
    public async Task Event_id_and_offset_follow_the_file_identity_and_byte_offset()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllTextAsync(dir.File("x.log"), "first\nsecond\n");
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(AgentHarness.Options(dir, dir.File("*.log")), producer);
        await Poll.UntilAsync(() => producer.Produced == 2);
        await h.StopAsync();

        var second = producer.Documents()[1];
        Assert.Equal(6, second.GetProperty("log").GetProperty("offset").GetInt64());
        var fileId = Assert.Single(h.Agent.Files).Id;
        Assert.StartsWith("ino:", fileId, StringComparison.Ordinal); // 13 bytes < FingerprintBytes
        Assert.Equal(EventIds.From(fileId, 6), second.GetProperty("event").GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_restart_resumes_at_the_checkpoint_without_duplicates()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 300).Select(i => $"line {i:D5} with some padding to pass the fingerprint size"));
        var first = new CapturingProducer();
        await using (var h = new AgentHarness(AgentHarness.Options(dir, log), first))
        {
            await Poll.UntilAsync(() => first.Produced == 300);
            await h.StopAsync();
        }

        var checkpoint = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(dir.File("state"), CheckpointStore.FileName)));
        var entry = Assert.Single(checkpoint.RootElement.GetProperty("files").EnumerateArray());
        Assert.Equal(new FileInfo(log).Length, entry.GetProperty("offset").GetInt64());
        Assert.StartsWith("fp:", entry.GetProperty("id").GetString(), StringComparison.Ordinal);

        await File.AppendAllLinesAsync(log, Enumerable.Range(300, 50).Select(i => $"line {i:D5} with some padding to pass the fingerprint size"));
        var second = new CapturingProducer();
        await using (var h = new AgentHarness(AgentHarness.Options(dir, log), second))
        {
            await Poll.UntilAsync(() => second.Produced >= 50);
            await h.StopAsync();
        }

        Assert.Equal(Enumerable.Range(300, 50).Select(i => $"line {i:D5} with some padding to pass the fingerprint size"), second.Messages());
    }

    [Fact]
    public async Task The_checkpoint_does_not_move_while_the_producer_fails()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = dir.File("app.log");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 100).Select(i => $"event {i}"));
        var producer = new CapturingProducer { Fail = true };
        await using var h = new AgentHarness(AgentHarness.Options(dir, log), producer);
        await Poll.UntilAsync(() => producer.Calls >= 3);
        Assert.Equal(0, Assert.Single(h.Agent.Files).AckedOffset);
        Assert.Equal(0, h.Agent.Telemetry.Value("sent"));

        producer.Fail = false;
        await Poll.UntilAsync(() => h.Agent.Telemetry.Value("sent") == 100);
        Assert.Equal(new FileInfo(log).Length, Assert.Single(h.Agent.Files).AckedOffset);
        Assert.Equal(100, producer.Messages().Distinct().Count());
    }
}
