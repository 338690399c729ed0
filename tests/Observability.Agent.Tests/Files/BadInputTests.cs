using Observability.Testing;
using System.Diagnostics;
using System.Text;
using Observability.Agent.Native;
using Observability.Agent.Tests.Support;

namespace Observability.Agent.Tests.Files;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BadInputTests
{
    [Fact]
    public async Task A_corpus_of_bad_files_leaves_the_agent_running_and_every_good_line_delivered()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var rnd = new Random(7);
        var binary = new byte[300_000];
        rnd.NextBytes(binary);
        await File.WriteAllBytesAsync(dir.File("binary.log"), binary);
        await File.WriteAllBytesAsync(dir.File("invalid-utf8.log"), [.. "ok before\n"u8, 0x66, 0xC3, 0x28, 0xFF, 0x0A, .. "ok after\n"u8]);
        await using (var big = File.Create(dir.File("huge-line.log")))
        {
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1024 * 1024));
            for (var i = 0; i < 50; i++)
            {
                await big.WriteAsync(chunk); // one 50 MB line
            }

            await big.WriteAsync("\nline after the huge one\n"u8.ToArray());
        }

        await File.WriteAllBytesAsync(dir.File("empty.log"), []);
        await File.WriteAllBytesAsync(dir.File("nul.log"), [.. "a\0b\n"u8, 0, 0, 0, 0, 0x0A, .. "after nuls\n"u8]);
        await File.WriteAllTextAsync(dir.File("unreadable.log"), "secret\n");
        File.SetUnixFileMode(dir.File("unreadable.log"), UnixFileMode.None);
        File.CreateSymbolicLink(dir.File("dangling.log"), dir.File("does-not-exist"));
        Directory.CreateDirectory(dir.File("directory.log"));
        Process.Start("mkfifo", dir.File("fifo.log")).WaitForExit();
        Assert.Equal(FileKind.Fifo, FileStatus.Of(dir.File("fifo.log"))!.Value.Kind);
        var good = Enumerable.Range(0, 2000).Select(i => $"good line {i}").ToList();
        await File.WriteAllLinesAsync(dir.File("good.log"), good);

        var producer = new CapturingProducer();
        var o = AgentHarness.Options(dir, dir.File("*.log"));
        await using var h = new AgentHarness(o, producer);
        bool Has(string m) => producer.Messages().Contains(m);
        await Poll.UntilAsync(() => producer.Messages().Count(m => m.StartsWith("good line", StringComparison.Ordinal)) == 2000 && Has("line after the huge one") && Has("ok after") && Has("after nuls"),
            TimeSpan.FromSeconds(60), "good lines");
        await File.AppendAllLinesAsync(dir.File("good.log"), ["still running"]);
        await Poll.UntilAsync(() => Has("still running"), TimeSpan.FromSeconds(30), "agent still running");
        await h.StopAsync();

        var docs = producer.Documents();
        string[] Flags(System.Text.Json.JsonElement d) => d.GetProperty("log").TryGetProperty("flags", out var f) ? [.. f.EnumerateArray().Select(x => x.GetString()!)] : [];
        var huge = Assert.Single(docs, d => d.GetProperty("message").GetString()!.StartsWith("xxxx", StringComparison.Ordinal));
        Assert.Equal(o.MaxEventBytes, huge.GetProperty("message").GetString()!.Length);
        Assert.Contains("truncated", Flags(huge));
        var invalid = Assert.Single(docs, d => d.GetProperty("message").GetString() == "f\uFFFD(\uFFFD");
        Assert.Contains("invalid_utf8", Flags(invalid));
        var nul = Assert.Single(docs, d => d.GetProperty("message").GetString() == "ab");
        Assert.Contains("nul_removed", Flags(nul));
        Assert.True(h.Agent.Telemetry.Value("invalid_utf8") >= 1);
        Assert.Equal(0, h.Agent.Telemetry.Value("failed", "refused"));
    }
}
