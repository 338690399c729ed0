using System.Diagnostics;
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
        using var parsed = JsonDocument.Parse(EcsJson.ToUtf8(doc));
        Write(new RankLine { Kind = RankLine.Document, Topic = topic, Doc = parsed.RootElement.Clone() });
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
