using System.Diagnostics;
using Observability.Core.Documents;
using Observability.Core.Json;
using OpenTelemetry;

namespace Observability.Training.Telemetry;

/// <summary>
/// OpenTelemetry span exporter that turns each finished <see cref="Activity"/> into an ECS trace document
/// (<c>traces-training-default</c>: trace.id, span.id, parent.id, span.name, event.duration in ns, the span's tags)
/// and hands it to <paramref name="emit"/> (topic obs.traces, key trace.id).
/// </summary>
public sealed class EcsActivityExporter(string serviceName, Action<EcsDocument> emit) : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        try
        {
            foreach (var activity in batch)
            {
                emit(ToDocument(activity, serviceName));
            }

            return ExportResult.Success;
        }
        catch (Exception)
        {
            return ExportResult.Failure;
        }
    }

    public static EcsDocument ToDocument(Activity a, string serviceName)
    {
        var doc = new EcsDocument(24);
        var traceId = a.TraceId.ToHexString();
        var spanId = a.SpanId.ToHexString();
        doc.Id = EventIds.FromParts("span", traceId, spanId);
        doc.Timestamp = new DateTimeOffset(a.StartTimeUtc, TimeSpan.Zero);
        doc[EcsFields.TraceId] = traceId;
        doc[EcsFields.SpanId] = spanId;
        if (a.ParentSpanId != default)
        {
            doc["parent.id"] = a.ParentSpanId.ToHexString();
        }

        doc["span.name"] = a.DisplayName;
        doc["span.kind"] = a.Kind.ToString().ToLowerInvariant();
        doc[EcsFields.EventDuration] = (long)(a.Duration.Ticks * 100);
        doc["event.outcome"] = a.Status == ActivityStatusCode.Error ? "failure" : "success";
        doc[EcsFields.EventKind] = "event";
        doc[EcsFields.EventDataset] = "training";
        doc[EcsFields.ServiceName] = serviceName;
        doc[EcsFields.HostName] = Environment.MachineName;
        doc[EcsFields.DataStreamType] = DataStream.Traces;
        doc[EcsFields.DataStreamDataset] = "training";
        doc[EcsFields.DataStreamNamespace] = "default";
        doc[EcsFields.EcsVersion] = EcsFields.CurrentEcsVersion;
        if (a.StatusDescription is { } status)
        {
            doc[EcsFields.ErrorMessage] = status;
        }

        foreach (var (key, value) in a.TagObjects)
        {
            doc[key.Contains('.', StringComparison.Ordinal) ? key : "labels." + key] = value switch
            {
                int i => (long)i,
                float f => (double)f,
                null => null,
                long or double or bool or string => value,
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        return doc;
    }

    /// <summary>For a sink: the ECS JSON and key of a span document.</summary>
    public static (string Key, byte[] Json) Encode(EcsDocument doc) => (doc.GetString(EcsFields.TraceId) ?? "", EcsJson.ToUtf8(doc));
}
