using System.Text.Json;
using System.Text.Json.Serialization;
using Observability.Core.Transport;

namespace Observability.Training.Protocol;

/// <summary>JSON for train.* messages, job records and the rank line protocol (camelCase, nulls omitted).</summary>
public static class TrainJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize<T>(utf8, Options) ?? throw new JsonException($"null {typeof(T).Name}");

    public static TransportMessage ToTransport(string topic, string? key, TrainMessage message) =>
        new(topic, key, Serialize(message), message.TraceParent);
}
