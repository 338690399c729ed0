using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;
using Observability.Core.Documents;

namespace Observability.Agent.Files;

/// <summary>
/// Writes one log event as nested ECS JSON straight into a byte buffer. Everything that is the same for every
/// event of the agent (dataset, host, agent, ecs version) is escaped once into a constant tail; per file the
/// path fragment is built once; per line only the timestamp, message, offset and id are written.
/// This is the agent's hot path, which is why it does not go through <see cref="EcsDocument"/>.
/// </summary>
public sealed class LogEventEncoder
{
    public const string AgentType = "obs-agent";
    private const int FixedOverhead = 160;

    private readonly byte[] _tail;

    public LogEventEncoder(string hostName, string dataset, string ns, string? serviceName)
    {
        var version = typeof(LogEventEncoder).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        var host = Encoding.UTF8.GetString(JsonText.Quote(hostName));
        var sb = new StringBuilder();
        sb.Append("\"dataset\":").Append(Q(dataset)).Append("},\"host\":{\"name\":").Append(host).Append('}');
        if (!string.IsNullOrEmpty(serviceName))
        {
            sb.Append(",\"service\":{\"name\":").Append(Q(serviceName)).Append('}');
        }

        sb.Append(",\"data_stream\":{\"type\":\"logs\",\"dataset\":").Append(Q(dataset)).Append(",\"namespace\":").Append(Q(ns)).Append('}');
        sb.Append(",\"agent\":{\"type\":\"").Append(AgentType).Append("\",\"name\":").Append(host).Append(",\"version\":").Append(Q(version)).Append('}');
        sb.Append(",\"ecs\":{\"version\":\"").Append(EcsFields.CurrentEcsVersion).Append("\"}");
        _tail = Encoding.UTF8.GetBytes(sb.ToString());
        HostName = hostName;
        Dataset = dataset;
    }

    public string HostName { get; }

    public string Dataset { get; }

    /// <summary>Upper bound of the encoded size, to reserve buffer space.</summary>
    public int MaxLength(int messageBytes, int pathJsonBytes, int extraBytes) =>
        FixedOverhead + _tail.Length + pathJsonBytes + JsonText.MaxEscapedLength(messageBytes) + extraBytes + 64;

    /// <summary>The timestamp as written in events: ISO 8601 UTC with microseconds.</summary>
    public static int FormatTimestamp(DateTimeOffset t, Span<byte> dest)
    {
        t.UtcDateTime.TryFormat(dest, out var n, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return n;
    }

    /// <param name="extraFields">Already-encoded members (each starting with a comma), e.g. parsed JSON-line fields.</param>
    /// <param name="createdJson">
    /// The read time (quoted), written as <c>event.created</c> — ECS's "time the agent first read the event". The
    /// indexer takes a line's own time as <c>@timestamp</c> only while <c>@timestamp</c> is still this read time.
    /// </param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Write(Span<byte> dest, ReadOnlySpan<byte> timestampJson, ReadOnlySpan<byte> message, ReadOnlySpan<byte> pathJson,
        EventIdWriter id, long offset, EventFlags flags, ReadOnlySpan<byte> extraFields, ReadOnlySpan<byte> createdJson = default)
    {
        var w = 0;
        Put(dest, ref w, "{\"@timestamp\":"u8);
        Put(dest, ref w, timestampJson);
        Put(dest, ref w, ",\"message\":\""u8);
        w += JsonText.Escape(message, dest[w..]);
        Put(dest, ref w, "\",\"log\":{\"file\":{\"path\":"u8);
        Put(dest, ref w, pathJson);
        Put(dest, ref w, "},\"offset\":"u8);
        Utf8Formatter.TryFormat(offset, dest[w..], out var n);
        w += n;
        if (flags != EventFlags.None)
        {
            WriteFlags(dest, ref w, flags);
        }

        Put(dest, ref w, "},\"event\":{\"id\":\""u8);
        id.Write(offset, dest[w..]);
        w += EventIds.Length;
        Put(dest, ref w, "\","u8);
        if (!createdJson.IsEmpty)
        {
            Put(dest, ref w, "\"created\":"u8);
            Put(dest, ref w, createdJson);
            dest[w++] = (byte)',';
        }

        Put(dest, ref w, _tail);
        Put(dest, ref w, extraFields);
        dest[w++] = (byte)'}';
        return w;
    }

    private static void WriteFlags(Span<byte> dest, ref int w, EventFlags flags)
    {
        Put(dest, ref w, ",\"flags\":["u8);
        var first = true;
        void Flag(Span<byte> d, ref int pos, ReadOnlySpan<byte> name, ref bool f)
        {
            if (!f)
            {
                d[pos++] = (byte)',';
            }

            Put(d, ref pos, name);
            f = false;
        }

        if ((flags & EventFlags.Truncated) != 0)
        {
            Flag(dest, ref w, "\"truncated\""u8, ref first);
        }

        if ((flags & EventFlags.InvalidUtf8) != 0)
        {
            Flag(dest, ref w, "\"invalid_utf8\""u8, ref first);
        }

        if ((flags & EventFlags.NulRemoved) != 0)
        {
            Flag(dest, ref w, "\"nul_removed\""u8, ref first);
        }

        if ((flags & EventFlags.Multiline) != 0)
        {
            Flag(dest, ref w, "\"multiline\""u8, ref first);
        }

        if ((flags & EventFlags.JsonInvalid) != 0)
        {
            Flag(dest, ref w, "\"json_invalid\""u8, ref first);
        }

        if ((flags & EventFlags.NoNewline) != 0)
        {
            Flag(dest, ref w, "\"no_newline\""u8, ref first);
        }

        dest[w++] = (byte)']';
    }

    private static void Put(Span<byte> dest, ref int w, ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(dest[w..]);
        w += bytes.Length;
    }

    private static string Q(string s) => Encoding.UTF8.GetString(JsonText.Quote(s));
}
