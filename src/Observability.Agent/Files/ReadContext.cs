using System.Text.RegularExpressions;
using Observability.Core.Telemetry;

namespace Observability.Agent.Files;

/// <summary>
/// What every tailer shares while the send loop reads: the read window, scratch space, the batch being filled,
/// the read time as encoded JSON. Owned by one loop, never shared between threads.
/// </summary>
internal sealed class ReadContext
{
    public ReadContext(FileInputOptions options, ComponentTelemetry telemetry)
    {
        Options = options;
        LinesRead = telemetry.Counter(TelemetryNames.Received);
        BytesRead = telemetry.Counter("received_bytes");
        LinesSkipped = telemetry.Counter(TelemetryNames.Dropped).Part("skipped_line");
        InvalidUtf8 = telemetry.Counter("invalid_utf8");
        Truncated = telemetry.Counter("truncated");
        ReadErrors = telemetry.Counter("read_errors");
        Window = new ReadWindow(options.ReadBufferBytes);
        Multiline = options.Multiline?.BuildStartRegex();
    }

    public FileInputOptions Options { get; }

    // The agent's counters the read loop adds to, held here so a line costs no look-up.
    public TelemetryCounter LinesRead { get; }

    public TelemetryCounter BytesRead { get; }

    public TelemetryCounter LinesSkipped { get; }

    public TelemetryCounter InvalidUtf8 { get; }

    public TelemetryCounter Truncated { get; }

    public TelemetryCounter ReadErrors { get; }

    public ReadWindow Window { get; }

    public Regex? Multiline { get; }

    public EventBatch Batch { get; set; } = null!;

    public byte[] Scratch { get; private set; } = new byte[64 * 1024];

    public char[] Chars { get; private set; } = new char[4096];

    /// <summary>Fields parsed from a JSON line, already encoded as JSON members.</summary>
    public System.Buffers.ArrayBufferWriter<byte> JsonExtra { get; } = new(1024);

    /// <summary>The read time of the current pass as a JSON string literal (with quotes).</summary>
    public byte[] TimestampJson { get; } = new byte[40];

    public int TimestampLength { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public bool BatchFull => Batch.Count >= Options.MaxBatchLines || Batch.Bytes >= 8 * 1024 * 1024;

    public void SetNow(DateTimeOffset now)
    {
        Now = now;
        TimestampJson[0] = (byte)'"';
        var n = LogEventEncoder.FormatTimestamp(now, TimestampJson.AsSpan(1));
        TimestampJson[n + 1] = (byte)'"';
        TimestampLength = n + 2;
    }

    public byte[] EnsureScratch(int size)
    {
        if (Scratch.Length < size)
        {
            Scratch = new byte[Math.Max(size, Scratch.Length * 2)];
        }

        return Scratch;
    }

    public char[] EnsureChars(int size)
    {
        if (Chars.Length < size)
        {
            Chars = new char[Math.Max(size, Chars.Length * 2)];
        }

        return Chars;
    }
}
