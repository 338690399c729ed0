namespace Observability.Detection.SingleSeries;

/// <summary>
/// Robust level and scale of a sliding window: median and MAD (median absolute deviation) kept over a sorted
/// copy of the window, O(window) per update, which is cheap for the few hundred points a detector keeps.
/// </summary>
public sealed class RollingMedian
{
    /// <summary>MAD × 1.4826 estimates the standard deviation of normal data.</summary>
    public const double MadToSigma = 1.4826;

    private readonly RollingWindow _window;
    private readonly List<double> _sorted;
    private readonly double[] _deviations;
    private double _cachedMad;
    private int _addsSinceMad = int.MaxValue;

    public RollingMedian(int capacity)
    {
        _window = new RollingWindow(capacity);
        _sorted = new List<double>(capacity + 1);
        _deviations = new double[capacity];
    }

    public int Count => _window.Count;

    public int Capacity => _window.Capacity;

    public void Add(double value)
    {
        var evicted = _window.Add(value);
        if (evicted is { } old)
        {
            var at = _sorted.BinarySearch(old);
            _sorted.RemoveAt(at < 0 ? ~at : at);
        }

        var pos = _sorted.BinarySearch(value);
        _sorted.Insert(pos < 0 ? ~pos : pos, value);
        if (_addsSinceMad != int.MaxValue)
        {
            _addsSinceMad++;
        }
    }

    /// <summary>Adds since the MAD was last computed after which <see cref="Mad"/> recomputes it (the scale moves slowly; sorting every time would dominate the cost).</summary>
    public int MadRefresh { get; init; } = 16;

    public double Median() => MedianOfSorted(_sorted);

    /// <summary>Median absolute deviation from the median (not scaled).</summary>
    public double Mad()
    {
        var n = _sorted.Count;
        if (n == 0)
        {
            return 0;
        }

        if (_addsSinceMad < MadRefresh && n >= 32)
        {
            return _cachedMad;
        }

        var median = Median();
        for (var i = 0; i < n; i++)
        {
            _deviations[i] = Math.Abs(_sorted[i] - median);
        }

        var span = _deviations.AsSpan(0, n);
        span.Sort();
        _cachedMad = n % 2 == 1 ? span[n / 2] : 0.5 * (span[(n / 2) - 1] + span[n / 2]);
        _addsSinceMad = 0;
        return _cachedMad;
    }

    public double Quantile(double q)
    {
        if (_sorted.Count == 0)
        {
            return 0;
        }

        var pos = q * (_sorted.Count - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(lo + 1, _sorted.Count - 1);
        return _sorted[lo] + ((pos - lo) * (_sorted[hi] - _sorted[lo]));
    }

    private static double MedianOfSorted(List<double> sorted)
    {
        var n = sorted.Count;
        if (n == 0)
        {
            return 0;
        }

        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
