using Observability.Agent.Tests.Support;
using Observability.Core.Json;
using Observability.Testing;

namespace Observability.Agent.Tests.Files;

public sealed class JsonLinesTests
{
    [Fact]
    public async Task Json_lines_become_fields_and_collisions_move_under_json()
    {
        using var dir = TemporaryDirectory.Create("agent");
        await File.WriteAllLinesAsync(dir.File("app.log"),
        [
            """{"@timestamp":"2026-11-26T09:00:00.5Z","log.level":"error","msg":"loss is NaN","step":42,"tags":["a"],"host":{"name":"spoofed"},"trace":{"id":"abc"}}""",
            """{"broken": """,
            "plain text line",
        ]);
        var o = AgentHarness.Options(dir, dir.File("app.log"));
        o.JsonLines = true;
        var producer = new CapturingProducer();
        await using var h = new AgentHarness(o, producer);
        await Poll.UntilAsync(() => producer.Produced == 3);
        await h.StopAsync();

        var docs = producer.Values.Select(v => EcsJson.Parse(v)).ToList();
        var json = docs[0];
        Assert.Equal("loss is NaN", json.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 9, 0, 0, 500, TimeSpan.Zero), json.Timestamp);
        Assert.Equal("error", json.GetString("log.level"));
        Assert.Equal(42L, json["step"]);
        Assert.Equal("abc", json.GetString("trace.id"));
        Assert.Equal("node-1", json.GetString("host.name"));
        Assert.Equal("spoofed", json.GetString("json.host.name"));
        Assert.NotNull(json.GetString("log.file.path"));

        Assert.Equal("""{"broken": """, docs[1].Message);
        Assert.Contains("json_invalid", ((IEnumerable<object?>)docs[1]["log.flags"]!).Cast<string>());
        Assert.Equal("plain text line", docs[2].Message);
        Assert.Null(docs[2]["log.flags"]);
    }
}
