using Observability.Testing;
using System.IO.Compression;
using System.Text.Json;
using Observability.Agent.Files;
using Observability.Agent.Tests.Support;

namespace Observability.Agent.Tests.Files;

/// <summary>Dataset <c>container</c>: CRI and Docker json-file lines, parts joined, names from the path, rotation by the kubelet.</summary>
public sealed class ContainerLogTests
{
    private const string Uid = "6f1c2a3b-0000-4000-8000-1234567890ab";

    private static FileInputOptions Options(TemporaryDirectory dir, string glob, MultilineOptions? multiline = null)
    {
        var options = AgentHarness.Options(dir);
        options.Datasets = [new FileDataset { Glob = glob, Dataset = ContainerLogDecoder.Dataset }];
        options.Multiline = multiline;
        options.MaxBatchLines = 50;
        options.ShutdownTimeout = TimeSpan.FromMilliseconds(200);
        return options;
    }

    private static string PodLog(TemporaryDirectory dir, string name = "0.log")
    {
        var folder = dir.File($"pods/train_trainer-0_{Uid}/worker");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private static string Cri(int second, string stream, char tag, string text) => $"2026-11-26T10:00:{second:D2}.123456789Z {stream} {tag} {text}";

    private static async Task<List<JsonElement>> ShipAsync(FileInputOptions options, int events)
    {
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(options, producer);
        await Poll.UntilAsync(() => producer.Produced >= events, TimeSpan.FromSeconds(30), $"{producer.Produced} of {events}: {h.Agent.Telemetry} {h.RunStatus}");
        await h.StopAsync();
        return producer.Documents();
    }

    private static string Field(JsonElement e, params string[] path) =>
        path.Aggregate(e, (x, name) => x.GetProperty(name)).GetString()!;

    [Fact]
    public async Task A_64_KiB_CRI_line_in_4_partial_parts_is_one_event_with_the_pod_and_the_stream()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = PodLog(dir);
        var big = string.Concat(Enumerable.Range(0, 65536 / 16).Select(i => $"chunk{i:D6}-data|"))[..65536];
        var parts = Enumerable.Range(0, 4).Select(p => big.Substring(p * 16384, 16384)).ToList();
        await File.WriteAllLinesAsync(log, [
            Cri(1, "stderr", 'P', parts[0]), Cri(2, "stderr", 'P', parts[1]), Cri(3, "stderr", 'P', parts[2]), Cri(4, "stderr", 'F', parts[3]),
            Cri(5, "stdout", 'F', "step=1 loss=0.5"),
        ]);

        var docs = await ShipAsync(Options(dir, dir.File("pods/*/*/*.log")), 2);

        Assert.Equal(2, docs.Count);
        Assert.Equal(big, Field(docs[0], "message"));
        Assert.Equal("stderr", Field(docs[0], "stream"));
        Assert.Equal("2026-11-26T10:00:04.123456Z", Field(docs[0], "@timestamp")); // when the line was complete: its last part's time
        Assert.Equal(0, docs[0].GetProperty("log").GetProperty("offset").GetInt64());
        Assert.Equal("step=1 loss=0.5", Field(docs[1], "message"));
        Assert.Equal("stdout", Field(docs[1], "stream"));
        foreach (var d in docs)
        {
            Assert.Equal("container", Field(d, "event", "dataset"));
            Assert.Equal("train", Field(d, "kubernetes", "namespace"));
            Assert.Equal("trainer-0", Field(d, "kubernetes", "pod", "name"));
            Assert.Equal(Uid, Field(d, "kubernetes", "pod", "uid"));
            Assert.Equal("worker", Field(d, "kubernetes", "container", "name"));
        }
    }

    [Fact]
    public async Task Docker_json_file_lines_are_unescaped_joined_and_get_the_container_id()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var id = new string('a', 32) + new string('b', 32);
        var folder = dir.File($"containers/{id}");
        Directory.CreateDirectory(folder);
        var log = Path.Combine(folder, $"{id}-json.log");
        static string Docker(string text, string stream) =>
            JsonSerializer.Serialize(new Dictionary<string, string> { ["log"] = text, ["stream"] = stream, ["time"] = "2026-11-26T10:00:00.987654321Z" });
        await File.WriteAllLinesAsync(log, [
            Docker("first half \"quoted\" ", "stdout"), Docker("second half é\n", "stdout"),
            Docker("an error\ttab\n", "stderr"),
            "not json from the runtime at all",
        ]);

        var docs = await ShipAsync(Options(dir, dir.File("containers/*/*-json.log")), 3);

        Assert.Equal(["first half \"quoted\" second half é", "an error\ttab", "not json from the runtime at all"], docs.Select(d => Field(d, "message")));
        Assert.Equal(["stdout", "stderr"], docs.Take(2).Select(d => Field(d, "stream")));
        Assert.False(docs[2].TryGetProperty("stream", out _)); // kept as it is, nothing invented
        Assert.Equal("2026-11-26T10:00:00.987654Z", Field(docs[0], "@timestamp"));
        Assert.All(docs, d => Assert.Equal(id, Field(d, "container", "id")));
    }

    [Fact]
    public async Task A_python_traceback_is_one_event_also_when_its_lines_come_in_partial_parts()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = PodLog(dir);
        await File.WriteAllLinesAsync(log, [
            Cri(1, "stderr", 'F', "Traceback (most recent call last):"),
            Cri(1, "stderr", 'P', "  File \"/app/train.py\", line 42, "), Cri(1, "stderr", 'F', "in step"),
            Cri(1, "stderr", 'P', "ValueError: loss is "), Cri(1, "stderr", 'F', "nan"),
            Cri(2, "stdout", 'F', "step=2 resumed"),
        ]);

        var docs = await ShipAsync(Options(dir, dir.File("pods/*/*/*.log"), new MultilineOptions { Preset = "python", FlushTimeout = TimeSpan.FromMilliseconds(200) }), 2);

        Assert.Equal(2, docs.Count);
        Assert.Equal("Traceback (most recent call last):\n  File \"/app/train.py\", line 42, in step\nValueError: loss is nan", Field(docs[0], "message"));
        Assert.Equal("stderr", Field(docs[0], "stream"));
        Assert.Equal("step=2 resumed", Field(docs[1], "message"));
    }

    [Fact]
    public async Task A_kubelet_rotation_compressed_while_the_agent_was_down_is_read_from_its_checkpoint()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var log = PodLog(dir);
        var glob = dir.File("pods/*/*/*.log");
        await File.WriteAllLinesAsync(log, Enumerable.Range(0, 300).Select(i => Cri(i % 60, "stdout", 'F', $"line {i}")));
        var first = new CapturingProducer { AcknowledgeOnly = 100 };
        await using (var h = new AgentHarness(Options(dir, glob), first))
        {
            await Poll.UntilAsync(() => first.Produced >= 100 && h.Agent.Files.Single().ReadOffset == new FileInfo(log).Length, TimeSpan.FromSeconds(30), "first run");
            await h.StopAsync();
        }

        // The kubelet: 0.log renamed to 0.log.<time>, a new 0.log, and the rotated file compressed later.
        var rotated = PodLog(dir, "0.log.20261126-100500");
        File.Move(log, rotated);
        await File.WriteAllLinesAsync(log, Enumerable.Range(300, 20).Select(i => Cri(0, "stdout", 'F', $"line {i}")));
        using (var input = File.OpenRead(rotated))
        using (var output = new GZipStream(File.Create(rotated + ".gz"), CompressionLevel.Fastest))
        {
            input.CopyTo(output);
        }

        File.Delete(rotated);
        var second = await ShipAsync(Options(dir, glob), 220);

        var all = first.Documents().Concat(second).ToList();
        Assert.Equal(Enumerable.Range(0, 320).Select(i => $"line {i}").Order(StringComparer.Ordinal), all.Select(d => Field(d, "message")).Order(StringComparer.Ordinal));
        Assert.Equal(320, all.Select(d => Field(d, "event", "id")).Distinct().Count());
        Assert.All(second, d => Assert.Equal("trainer-0", Field(d, "kubernetes", "pod", "name")));
        Assert.Equal(200, second.Count(d => Field(d, "log", "file", "path") == rotated + ".gz"));
    }

    [Theory]
    [InlineData("/var/log/pods/kube-system_coredns-5d78c9869d-abcde_0d6f-11/coredns/0.log",
        ""","kubernetes":{"namespace":"kube-system","pod":{"name":"coredns-5d78c9869d-abcde","uid":"0d6f-11"},"container":{"name":"coredns"}}""")]
    [InlineData("/var/log/pods/train_trainer-0_u1/worker/0.log.20261126-100500.gz",
        ""","kubernetes":{"namespace":"train","pod":{"name":"trainer-0","uid":"u1"},"container":{"name":"worker"}}""")]
    [InlineData("/var/log/containers/trainer-0_train_worker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.log",
        ""","container":{"id":"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"},"kubernetes":{"namespace":"train","pod":{"name":"trainer-0"},"container":{"name":"worker"}}""")]
    [InlineData("/var/lib/docker/containers/abc123/abc123-json.log", ""","container":{"id":"abc123"}""")]
    [InlineData("/var/log/app/train.log", "")]
    public void The_path_gives_the_pod_namespace_container_and_id(string path, string fields) =>
        Assert.Equal(fields, System.Text.Encoding.UTF8.GetString(ContainerPath.Fields(path)));
}
