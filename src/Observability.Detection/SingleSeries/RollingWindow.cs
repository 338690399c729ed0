namespace Observability.Detection.SingleSeries;

/// <summary>A fixed-capacity ring of the most recent values, oldest first when copied out.</summary>
public sealed class RollingWindow
{
    private readonly double[] _items;
    private int _start;

    public RollingWindow(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _items = new double[capacity];
    }

    public int Capacity => _items.Length;

    public int Count { get; private set; }

    public bool IsFull => Count == _items.Length;

    /// <summary>Adds a value; returns the evicted oldest value when the window was full.</summary>
    public double? Add(double value)
    {
        if (Count < _items.Length)
        {
            _items[(_start + Count) % _items.Length] = value;
            Count++;
            return null;
        }

        var evicted = _items[_start];
        _items[_start] = value;
        _start = (_start + 1) % _items.Length;
        return evicted;
    }

    /// <summary>The i-th value, 0 = oldest.</summary>
    public double this[int index] => _items[(_start + index) % _items.Length];

    public void CopyTo(Span<double> destination)
    {
        // Oldest first: from the start of the ring to the end of the array, then the part that wrapped around.
        var first = Math.Min(Count, _items.Length - _start);
        _items.AsSpan(_start, first).CopyTo(destination);
        _items.AsSpan(0, Count - first).CopyTo(destination[first..]);
    }

    public double Mean()
    {
        var sum = 0.0;
        for (var i = 0; i < Count; i++)
        {
            sum += _items[i];
        }

        return Count == 0 ? 0 : sum / Count;
    }
}
