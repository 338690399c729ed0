namespace Observability.Training.Worker.Telemetry;

/// <summary>
/// A bounded single-producer, single-consumer ring of <see cref="StepRecord"/> slots, allocated once. The training thread
/// writes one record per step (a struct copy under an uncontended lock, no allocation, no signal); the shipper takes
/// records in batches on its own schedule. When the ring is full the producer waits for room (back-pressure) for at
/// most <see cref="StepTelemetryOptions.MaxBlock"/>, then drops the record and counts it in <see cref="Dropped"/>: the
/// training loop must never stall on telemetry for long, and a loss must be visible rather than silent.
/// </summary>
internal sealed class StepRecordRing
{
    private readonly StepRecord[] _slots;
    private readonly object _gate = new();
    private readonly long _maxBlockMs;
    private int _head;
    private int _count;
    private bool _completed;
    private bool _overflowing;
    private bool _producerWaiting;
    private long _written;
    private long _dropped;
    private long _waits;

    public StepRecordRing(int capacity, TimeSpan maxBlock)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _slots = new StepRecord[capacity];
        _maxBlockMs = (long)maxBlock.TotalMilliseconds;
    }

    public int Capacity => _slots.Length;

    /// <summary>Records accepted into the ring.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>Records refused because the ring stayed full past the wait limit, or written after completion.</summary>
    public long Dropped => Volatile.Read(ref _dropped);

    /// <summary>How many times the producer found the ring full and waited for the shipper.</summary>
    public long Waits => Volatile.Read(ref _waits);

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Producer side: false when the record was dropped (and counted).</summary>
    public bool Write(in StepRecord record)
    {
        lock (_gate)
        {
            if ((_count == _slots.Length && !WaitForRoom()) || _completed)
            {
                _dropped++;
                return false;
            }

            _slots[(_head + _count) % _slots.Length] = record;
            _count++;
            _written++;
            if (_count == _slots.Length / 2)
            {
                Monitor.PulseAll(_gate); // wake the shipper early rather than wait for its interval
            }

            return true;
        }
    }

    /// <summary>
    /// Consumer side: copies up to <paramref name="into"/>.Length records, waiting up to <paramref name="wait"/> when the
    /// ring is empty. <paramref name="drained"/> is true once the ring is completed and empty.
    /// </summary>
    public int Take(Span<StepRecord> into, TimeSpan wait, out bool drained)
    {
        lock (_gate)
        {
            if (_count == 0 && !_completed)
            {
                Monitor.Wait(_gate, wait);
            }

            var n = Math.Min(_count, into.Length);
            var first = Math.Min(n, _slots.Length - _head);
            _slots.AsSpan(_head, first).CopyTo(into);
            _slots.AsSpan(0, n - first).CopyTo(into[first..]);
            _head = (_head + n) % _slots.Length;
            _count -= n;
            if (_overflowing && _count <= _slots.Length / 2)
            {
                _overflowing = false;
            }

            if (n > 0 && _producerWaiting)
            {
                Monitor.PulseAll(_gate);
            }

            drained = _completed && _count == 0;
            return n;
        }
    }

    /// <summary>No more records: the shipper drains what is left and stops; a waiting producer gives up.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Counts records still in the ring as dropped (the shipper did not drain them in time).</summary>
    public long Abandon()
    {
        lock (_gate)
        {
            var left = _count;
            _dropped += left;
            _head = (_head + left) % _slots.Length;
            _count = 0;
            return left;
        }
    }

    /// <summary>Called under the lock with the ring full: waits for the shipper to take records, or gives up.</summary>
    private bool WaitForRoom()
    {
        if (_overflowing || _completed)
        {
            return false;
        }

        _waits++;
        _producerWaiting = true;
        try
        {
            Monitor.PulseAll(_gate); // the shipper drains now
            var deadline = Environment.TickCount64 + _maxBlockMs;
            while (_count == _slots.Length && !_completed)
            {
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    _overflowing = true;
                    return false;
                }

                Monitor.Wait(_gate, TimeSpan.FromMilliseconds(left));
            }

            return _count < _slots.Length;
        }
        finally
        {
            _producerWaiting = false;
        }
    }
}
