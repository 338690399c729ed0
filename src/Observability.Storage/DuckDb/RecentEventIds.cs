using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Observability.Storage.DuckDb;

/// <summary>
/// The ids of the documents a table stored recently, as 128-bit keys in memory: the writer's duplicate check. It
/// replaces the table's <c>PRIMARY KEY</c> on <c>id</c>, whose index made every insert a conflict check in DuckDB's
/// ART and dominated the cost of a write. A redelivered document comes back soon after its first copy was stored
/// (the agent resends from a checkpoint at most a second old, a Kafka consumer from its last committed offset), so
/// the ids stored within <see cref="Window"/> of the newest write are enough to recognise it; they are reloaded from
/// the table's newest rows (by <c>ingested</c>) when the store opens, so a crash forgets nothing.
/// <para>
/// An id of 32 lower-case hex digits (every id obs makes: a 128-bit hash) is its own key; any other id is hashed to
/// 128 bits with XxHash128, where two different ids meet with a probability below 10⁻²⁰ for a billion documents.
/// Not thread-safe: the writer uses it under the store's write lock.
/// </para>
/// </summary>
public sealed class RecentEventIds
{
    private readonly HashSet<UInt128> _keys = [];
    private readonly Queue<(DateTimeOffset At, UInt128[] Keys)> _batches = new();

    public RecentEventIds(TimeSpan window, int maxIds)
    {
        Window = window;
        MaxIds = maxIds;
    }

    /// <summary>How long after its first copy was stored a redelivered document is still recognised.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most ids held (about 45 bytes each); past it the oldest go first, shortening the window.</summary>
    public int MaxIds { get; }

    public int Count => _keys.Count;

    /// <summary>Set when ids left because of <see cref="MaxIds"/> before <see cref="Window"/> was over.</summary>
    public bool Shortened { get; private set; }

    public bool Contains(UInt128 key) => _keys.Contains(key);

    /// <summary>Records the keys of a committed write made at <paramref name="at"/> and forgets what fell out of the window.</summary>
    public void Add(DateTimeOffset at, UInt128[] keys)
    {
        if (keys.Length == 0)
        {
            return;
        }

        foreach (var k in keys)
        {
            _keys.Add(k);
        }

        _batches.Enqueue((at, keys));
        Evict(at);
    }

    private void Evict(DateTimeOffset newest)
    {
        while (_batches.TryPeek(out var oldest))
        {
            var expired = oldest.At < newest - Window;
            if (!expired && _keys.Count <= MaxIds)
            {
                return;
            }

            Shortened |= !expired;
            _batches.Dequeue();
            foreach (var k in oldest.Keys)
            {
                _keys.Remove(k);
            }
        }
    }

    /// <summary>The 128-bit key of an event id (see the class remarks).</summary>
    public static UInt128 KeyOf(string id)
    {
        if (id.Length == 32 && UInt128.TryParse(id, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var key) && IsLowerHex(id))
        {
            return key;
        }

        Span<byte> buffer = stackalloc byte[256];
        var max = Encoding.UTF8.GetMaxByteCount(id.Length);
        var bytes = max <= buffer.Length ? buffer : new byte[max];
        var n = Encoding.UTF8.GetBytes(id, bytes);
        // A distinct seed keeps hashed ids apart from the hex ids that are their own key.
        return XxHash128.HashToUInt128(bytes[..n], seed: 0x6f6273);
    }

    private static bool IsLowerHex(string s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
