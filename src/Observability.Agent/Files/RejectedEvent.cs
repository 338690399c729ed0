using System.Text;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;

namespace Observability.Agent.Files;

/// <summary>
/// An event the transport refused for good (e.g. larger than the producer's <c>message.max.bytes</c>), with where it
/// came from, read back from its own envelope (this path is rare, so parsing it costs nothing that matters).
/// </summary>
internal sealed record RejectedEvent(TransportMessage Message, string Reason, string? Path, long? Offset, string? EventId)
{
    /// <summary>How much of the refused envelope the dead letter keeps: the whole one may be what was too large.</summary>
    public const int MaxOriginalBytes = 64 * 1024;

    public static RejectedEvent From(TransportMessage message, string reason)
    {
        string? path = null, id = null;
        long? offset = null;
        try
        {
            using var doc = JsonDocument.Parse(message.Value);
            var root = doc.RootElement;
            if (root.TryGetProperty("log", out var log))
            {
                path = log.TryGetProperty("file", out var file) && file.TryGetProperty("path", out var p) ? p.GetString() : null;
                offset = log.TryGetProperty("offset", out var o) && o.TryGetInt64(out var n) ? n : null;
            }

            id = root.TryGetProperty("event", out var ev) && ev.TryGetProperty("id", out var i) ? i.GetString() : null;
        }
        catch (JsonException)
        {
            // Not our envelope (or cut): the dead letter still carries the reason and the bytes.
        }

        return new RejectedEvent(message, reason, path, offset, id);
    }

    /// <summary>
    /// The dead-letter document, shaped like the indexer's (<c>error.message</c>, <c>event.original</c>,
    /// <c>labels.source_topic</c>) plus <c>log.file.path</c>/<c>log.offset</c>; its id derives from the event's, so
    /// a refusal met again after a restart is dead-lettered once.
    /// </summary>
    public TransportMessage ToDeadLetter(string topic, DateTimeOffset now)
    {
        var value = Message.Value.Span;
        var cut = value.Length > MaxOriginalBytes;
        var original = cut ? value[..FileTailer.Utf8Boundary(value[..MaxOriginalBytes])] : value;
        var doc = new EcsDocument
        {
            Id = EventIds.FromParts("agent-deadletter", EventId ?? EventIds.FromParts(Encoding.UTF8.GetString(original))),
            Timestamp = now,
        };
        doc.Set(EcsFields.ErrorMessage, Reason);
        doc.Set(EcsFields.EventKind, "pipeline_error");
        doc.Set(EcsFields.EventOriginal, Encoding.UTF8.GetString(original));
        doc.Set(EcsFields.LogFilePath, Path);
        doc.Set(EcsFields.LogOffset, Offset);
        doc.Set("labels.source_topic", Message.Topic);
        doc.Set("labels.source_event_id", EventId);
        doc.Set("labels.original_bytes", Message.Value.Length);
        doc.Set("labels.original_truncated", cut);
        return new TransportMessage(topic, Message.Key, EcsJson.ToUtf8(doc));
    }
}
