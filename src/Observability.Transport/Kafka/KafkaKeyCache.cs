using System.Collections.Concurrent;
using System.Text;

namespace Observability.Transport.Kafka;

/// <summary>UTF-8 bytes of message keys (host names, job ids: few distinct values), encoded once each up to a bound.</summary>
internal sealed class KafkaKeyCache
{
    private const int MaxCachedKeys = 4096;
    private readonly ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    public byte[]? Get(string? key)
    {
        if (key is null)
        {
            return null;
        }

        if (_bytes.TryGetValue(key, out var bytes))
        {
            return bytes;
        }

        bytes = Encoding.UTF8.GetBytes(key);
        if (_bytes.Count < MaxCachedKeys)
        {
            _bytes.TryAdd(key, bytes);
        }

        return bytes;
    }
}
