using System.Text;
using Observability.Agent.Files;
using Observability.Core.Documents;
using Observability.Core.Json;

namespace Observability.Agent.Tests.Files;

public sealed class LogEventEncoderTests
{
    [Theory]
    [InlineData("fp:0123456789abcdef", 0)]
    [InlineData("ino:803:1a2b:ffee", 123_456_789_012)]
    [InlineData("fp:ü-unicode", 42)]
    public void Event_id_writer_gives_the_same_id_as_EventIds_From(string identity, long offset)
    {
        var dest = new byte[32];
        new EventIdWriter(identity).Write(offset, dest);
        Assert.Equal(EventIds.From(identity, offset), Encoding.ASCII.GetString(dest));
    }

    [Fact]
    public void Encoded_event_is_ECS_JSON_with_every_field_the_issue_names()
    {
        var enc = new LogEventEncoder("node-\"7\"", "train", "prod", "trainer");
        var buf = new byte[4096];
        var ts = new byte[40];
        ts[0] = (byte)'"';
        var tn = LogEventEncoder.FormatTimestamp(new DateTimeOffset(2026, 11, 26, 14, 0, 1, 500, TimeSpan.Zero), ts.AsSpan(1));
        ts[tn + 1] = (byte)'"';
        var message = "step 10 loss=\"0.5\"\t\\ é 日本 \u0001 end"u8;
        var n = enc.Write(buf, ts.AsSpan(0, tn + 2), message, JsonText.Quote("/var/log/a b.log"), new EventIdWriter("fp:abc"), 977,
            EventFlags.Truncated | EventFlags.InvalidUtf8, default);

        var doc = EcsJson.Parse(buf.AsSpan(0, n));
        Assert.Equal("step 10 loss=\"0.5\"\t\\ é 日本 \u0001 end", doc.Message);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 14, 0, 1, 500, TimeSpan.Zero), doc.Timestamp);
        Assert.Equal("/var/log/a b.log", doc.GetString("log.file.path"));
        Assert.Equal(977L, doc["log.offset"]);
        Assert.Equal(EventIds.From("fp:abc", 977), doc.Id);
        Assert.Equal("node-\"7\"", doc.GetString("host.name"));
        Assert.Equal("trainer", doc.GetString("service.name"));
        Assert.Equal("train", doc.GetString("event.dataset"));
        Assert.Equal("logs", doc.GetString("data_stream.type"));
        Assert.Equal("train", doc.GetString("data_stream.dataset"));
        Assert.Equal("prod", doc.GetString("data_stream.namespace"));
        Assert.Equal("obs-agent", doc.GetString("agent.type"));
        Assert.Equal(EcsFields.CurrentEcsVersion, doc.GetString("ecs.version"));
        var flags = Assert.IsAssignableFrom<IReadOnlyList<object?>>(doc["log.flags"]);
        Assert.Equal(["truncated", "invalid_utf8"], flags.Cast<string>());
        Assert.True(n <= enc.MaxLength(message.Length, JsonText.Quote("/var/log/a b.log").Length, 0));
    }

    [Fact]
    public void The_read_time_is_written_as_event_created_next_to_the_dataset()
    {
        var enc = new LogEventEncoder("node-1", "generic", "default", null);
        var buf = new byte[4096];
        var read = "\"2026-12-12T09:00:00.000000Z\""u8;
        var own = "\"2026-12-05T06:30:15.000000Z\""u8;
        var n = enc.Write(buf, own, "x"u8, JsonText.Quote("/var/log/x.log"), new EventIdWriter("fp:abc"), 1, EventFlags.None, default, read);

        var doc = EcsJson.Parse(buf.AsSpan(0, n));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero), doc.Timestamp);
        Assert.Equal("2026-12-12T09:00:00.000000Z", doc.GetString(EcsFields.EventCreated));
        Assert.Equal("generic", doc.GetString("event.dataset"));
        Assert.True(n <= enc.MaxLength(1, JsonText.Quote("/var/log/x.log").Length, own.Length + read.Length + 12));
    }

    [Fact]
    public void Every_control_character_is_escaped()
    {
        var text = Enumerable.Range(0, 32).Select(i => (byte)i).Append((byte)'"').Append((byte)'\\').ToArray();
        var dest = new byte[JsonText.MaxEscapedLength(text.Length) + 2];
        dest[0] = (byte)'"';
        var n = JsonText.Escape(text, dest.AsSpan(1));
        dest[n + 1] = (byte)'"';
        var parsed = System.Text.Json.JsonSerializer.Deserialize<string>(dest.AsSpan(0, n + 2));
        Assert.Equal(Encoding.Latin1.GetString(text), parsed);
    }
}
