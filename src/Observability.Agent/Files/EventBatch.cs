using System.Buffers;
using System.Runtime.CompilerServices;
using Observability.Core.Transport;

namespace Observability.Agent.Files;

/// <summary>
/// Events read but not yet acknowledged: their encoded bytes live in pooled buffers (returned on
/// <see cref="Release"/>, after the producer finished with them), and for each file the offset its checkpoint may
/// move to once the batch is acknowledged.
/// </summary>
internal sealed class EventBatch
{
    private const int ChunkBytes = 1024 * 1024;

    private readonly List<byte[]> _chunks = [];
    private readonly List<TransportMessage> _messages;
    private readonly List<FilePosition> _positions = [];
    private byte[]? _current;
    private int _used;
    private int _bytes;

    public EventBatch(int capacity) => _messages = new List<TransportMessage>(capacity);

    public IReadOnlyList<TransportMessage> Messages => _messages;

    public IReadOnlyList<FilePosition> Positions => _positions;

    public int Count => _messages.Count;

    public int Bytes => _bytes;

    public bool IsEmpty => _messages.Count == 0 && _positions.Count == 0;

    /// <summary>Space for one event of at most <paramref name="maxBytes"/>; commit what was written with <see cref="Commit"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Span<byte> Reserve(int maxBytes)
    {
        if (_current is null || _current.Length - _used < maxBytes)
        {
            _current = ArrayPool<byte>.Shared.Rent(Math.Max(ChunkBytes, maxBytes));
            _chunks.Add(_current);
            _used = 0;
        }

        return _current.AsSpan(_used, maxBytes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Commit(int written, string topic, string key)
    {
        _messages.Add(new TransportMessage(topic, key, new ReadOnlyMemory<byte>(_current, _used, written)));
        _used += written;
        _bytes += written;
    }

    /// <summary>After this batch is acknowledged, <paramref name="tailer"/>'s checkpoint may move to <paramref name="offset"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Advance(FileTailer tailer, long offset)
    {
        for (var i = _positions.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_positions[i].Tailer, tailer))
            {
                _positions[i] = new FilePosition(tailer, Math.Max(_positions[i].Offset, offset));
                return;
            }
        }

        _positions.Add(new FilePosition(tailer, offset));
    }

    public void Release()
    {
        foreach (var c in _chunks)
        {
            ArrayPool<byte>.Shared.Return(c);
        }

        _chunks.Clear();
        _messages.Clear();
        _positions.Clear();
        _current = null;
        _used = 0;
        _bytes = 0;
    }
}

internal readonly record struct FilePosition(FileTailer Tailer, long Offset);
