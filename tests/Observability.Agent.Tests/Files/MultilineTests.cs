using Observability.Agent.Files;
using Observability.Agent.Tests.Support;
using Observability.Testing;

namespace Observability.Agent.Tests.Files;

public sealed class MultilineTests
{
    private const string Python = """
        2026-11-26 10:00:00 ERROR step failed
        Traceback (most recent call last):
          File "train.py", line 10, in <module>
            main()
        ValueError: bad shape

        During handling of the above exception, another exception occurred:

        Traceback (most recent call last):
          File "train.py", line 12, in <module>
        RuntimeError: CUDA out of memory
        2026-11-26 10:00:01 INFO retrying
        """;

    private const string Java = """
        2026-11-26 10:00:00 ERROR request failed
        java.lang.IllegalStateException: boom
        	at com.example.A.run(A.java:10)
        	at com.example.B.call(B.java:20)
        Caused by: java.io.IOException: disk
        	at com.example.C.io(C.java:5)
        	... 2 more
        2026-11-26 10:00:01 INFO next
        """;

    private const string Go = """
        panic: runtime error: index out of range [5] with length 3

        goroutine 1 [running]:
        main.main()
        	/app/main.go:8 +0x1d
        exit status 2
        2026/11/26 10:00:01 server started
        """;

    [Theory]
    [InlineData("python", Python, 2)]
    [InlineData("java", Java, 2)]
    [InlineData("go", Go, 2)]
    public async Task A_preset_groups_a_stack_trace_into_one_event(string preset, string text, int events)
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllTextAsync(dir.File("app.log"), text.ReplaceLineEndings("\n") + "\n");
        var o = AgentHarness.Options(dir, dir.File("app.log"));
        o.Multiline = new MultilineOptions { Preset = preset, FlushTimeout = TimeSpan.FromMilliseconds(200) };
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(o, producer);
        await Poll.UntilAsync(() => producer.Produced >= events, TimeSpan.FromSeconds(30));
        await h.StopAsync();
        var messages = producer.Messages();
        Assert.Equal(events, messages.Count);
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal(string.Join('\n', lines[..^1]), messages[0]);
        Assert.Equal(lines[^1], messages[1]);
        Assert.Equal(new FileInfo(dir.File("app.log")).Length, Assert.Single(h.Agent.Files).AckedOffset);
    }

    [Fact]
    public async Task A_pending_event_is_not_acknowledged_before_it_is_flushed()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllTextAsync(dir.File("app.log"), "START one\n  more\n");
        var o = AgentHarness.Options(dir, dir.File("app.log"));
        o.Multiline = new MultilineOptions { StartPattern = "^START", FlushTimeout = TimeSpan.FromHours(1) };
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(o, producer);
        await Poll.UntilAsync(() => h.Agent.Telemetry.Value("received") == 2);
        Assert.Equal(0, producer.Produced);
        Assert.Equal(0, Assert.Single(h.Agent.Files).AckedOffset);
        await File.AppendAllTextAsync(dir.File("app.log"), "START two\n");
        await Poll.UntilAsync(() => producer.Produced == 1);
        Assert.Equal("START one\n  more", Assert.Single(producer.Messages()));
        Assert.Equal(17, Assert.Single(h.Agent.Files).AckedOffset);
    }
}
