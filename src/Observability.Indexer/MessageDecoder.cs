using System.IO.Hashing;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;
using Observability.Core.Transport;

namespace Observability.Indexer;

/// <summary>
/// Turns a transport message into an ECS document, or into a dead letter with the reason when it is not one.
/// Fills what the store needs and the producer may have left out: <c>event.id</c> (from the topic and the payload,
/// so a redelivery gets the same id) and <c>data_stream.type</c> (from the topic).
/// </summary>
public sealed class MessageDecoder
{
    private readonly int _maxMessageBytes;
    private readonly TimeProvider _time;

    public MessageDecoder(int maxMessageBytes, TimeProvider time)
    {
        _maxMessageBytes = maxMessageBytes;
        _time = time;
    }

    public EcsDocument? Decode(TransportMessage message, out DeadLetter? deadLetter)
    {
        deadLetter = null;
        if (message.Value.Length > _maxMessageBytes)
        {
            deadLetter = DeadLetterFor(message, $"message of {message.Value.Length} bytes exceeds indexer.max_message_bytes ({_maxMessageBytes})");
            return null;
        }

        EcsDocument doc;
        try
        {
            doc = EcsJson.Parse(message.Value.Span);
        }
        catch (JsonException e)
        {
            deadLetter = DeadLetterFor(message, $"invalid JSON: {e.Message}");
            return null;
        }
        catch (ArgumentException e)
        {
            deadLetter = DeadLetterFor(message, $"invalid document: {e.Message}");
            return null;
        }

        if (string.IsNullOrEmpty(doc.Id))
        {
            doc.Id = PayloadId(message);
        }

        if (doc.GetString(EcsFields.DataStreamType) is null)
        {
            doc.Set(EcsFields.DataStreamType, TypeForTopic(message.Topic));
        }

        return doc;
    }

    public DeadLetter DeadLetterFor(TransportMessage message, string reason) =>
        new(PayloadId(message), _time.GetUtcNow(), message.Topic, message.Position, reason, message.Value);

    public static string TypeForTopic(string topic) => topic switch
    {
        Topics.Metrics => DataStream.Metrics,
        Topics.Traces => DataStream.Traces,
        _ => DataStream.Logs,
    };

    private static string PayloadId(TransportMessage message)
    {
        var hash = XxHash128.HashToUInt128(message.Value.Span);
        return EventIds.FromParts(message.Topic, hash.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
