using System.Buffers;
using System.Text;
using System.Text.Json;

namespace Observability.Agent.Files;

/// <summary>
/// Optional JSON-lines parsing (<c>FileInputOptions.JsonLines</c>): a line that is a JSON object has its top-level
/// fields copied into the event as they are; <c>message</c>/<c>msg</c> (a string) becomes the message and a valid
/// <c>@timestamp</c> the event time. Fields that would collide with what the agent writes (<c>log</c>, <c>event</c>,
/// <c>host</c>, <c>data_stream</c>, <c>agent</c>, <c>ecs</c>, <c>service</c> as objects, and the dotted leaves the agent
/// sets such as <c>host.name</c>; other dotted names like <c>log.level</c> stay at the root) are kept
/// under <c>json.*</c> instead. A line that does not parse stays plain text, flagged <c>json_invalid</c>.
/// </summary>
internal static class JsonLineParser
{
    // Objects the agent writes itself (a second "log":{…} would be a duplicate key) and the dotted leaves it sets.
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "log", "event", "host", "data_stream", "agent", "ecs", "service", "message", "@timestamp",
        "log.file.path", "log.offset", "log.flags", "event.id", "event.dataset", "host.name", "data_stream.type",
        "data_stream.dataset", "data_stream.namespace", "agent.type", "agent.name", "agent.version", "ecs.version", "service.name",
    };

    public static bool TryParse(ReadOnlySpan<byte> line, ArrayBufferWriter<byte> extra, out byte[]? message, out byte[]? timestampJson)
    {
        message = null;
        timestampJson = null;
        extra.ResetWrittenCount();
        var moved = new ArrayBufferWriter<byte>();
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var name = reader.GetString()!;
                var nameRaw = line[nameStart..(int)reader.BytesConsumed];
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }

                var valueRaw = line[valueStart..(int)reader.BytesConsumed];
                if ((name is "message" or "msg") && reader.TokenType == JsonTokenType.String && message is null)
                {
                    message = Encoding.UTF8.GetBytes(reader.GetString()!);
                    continue;
                }

                if (name == "@timestamp" && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out _))
                {
                    timestampJson = valueRaw.ToArray();
                    continue;
                }

                var target = IsReserved(name) ? moved : extra;
                Append(target, target.WrittenCount == 0 && ReferenceEquals(target, moved) ? string.Empty : ",", nameRaw, valueRaw);
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false; // trailing data after the object
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (moved.WrittenCount > 0)
        {
            extra.Write(",\"json\":{"u8);
            extra.Write(moved.WrittenSpan);
            extra.Write("}"u8);
        }

        return true;
    }

    private static bool IsReserved(string name) => Reserved.Contains(name);

    private static void Append(ArrayBufferWriter<byte> w, string separator, ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        w.Write(Encoding.ASCII.GetBytes(separator));
        w.Write(name);
        w.Write(value);
    }
}
