using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Worker;

/// <summary>
/// The rank's stdout line protocol (<see cref="RankLine"/>), read by the worker agent. Writes are serialised so that
/// lines from the training loop and the OpenTelemetry export thread never interleave.
/// </summary>
internal sealed class RankOutput(TextWriter stdout, string serviceName, TimeProvider time, RankConfig config)
{
    private readonly Lock _gate = new();

    public void Write(RankLine line)
    {
        var json = JsonSerializer.Serialize(line, TrainJson.Options);
        lock (_gate)
        {
            stdout.WriteLine(json);
            stdout.Flush();
        }
    }

    public void Document(string topic, EcsDocument doc)
    {
        var line = DocumentLine(topic, doc);
        lock (_gate)
        {
            stdout.WriteLine(line);
            stdout.Flush();
        }
    }

    /// <summary>Several telemetry documents: serialised outside the lock, written with one flush.</summary>
    public void Documents(string topic, IReadOnlyList<EcsDocument> docs)
    {
        var lines = new string[docs.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = DocumentLine(topic, docs[i]);
        }

        lock (_gate)
        {
            foreach (var line in lines)
            {
                stdout.WriteLine(line);
            }

            stdout.Flush();
        }
    }

    /// <summary>A <see cref="RankLine.Document"/> line, the ECS JSON written straight into it (no parse and re-serialise).</summary>
    private static string DocumentLine(string topic, EcsDocument doc)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", RankLine.Document);
            writer.WriteString("topic", topic);
            writer.WritePropertyName("doc");
            EcsJson.Write(writer, doc);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A log record: text for the rank log, and an ECS log document carrying the current trace.id/span.id.</summary>
    public void Log(string level, string message, bool asDocument)
    {
        JsonElement? doc = null;
        if (asDocument)
        {
            var d = TrainingDocuments.Log(serviceName, time.GetUtcNow(), level, message);
            d[TrainingTelemetry.JobIdTag] = config.JobId;
            d[TrainingTelemetry.RankTag] = (long)config.Rank;
            d[TrainingTelemetry.AttemptTag] = (long)config.Attempt;
            if (Activity.Current is { } a)
            {
                d[EcsFields.TraceId] = a.TraceId.ToHexString();
                d[EcsFields.SpanId] = a.SpanId.ToHexString();
            }

            d.Id = EventIds.FromParts("training-log", config.JobId, config.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
                config.Rank.ToString(System.Globalization.CultureInfo.InvariantCulture), message, time.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
            using var parsed = JsonDocument.Parse(EcsJson.ToUtf8(d));
            doc = parsed.RootElement.Clone();
        }

        Write(new RankLine { Kind = RankLine.Log, Level = level, Message = message, Topic = Topics.Logs, Doc = doc });
    }
}
