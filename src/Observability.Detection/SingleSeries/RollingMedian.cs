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
    private double _cachedMad;
    private int _addsSinceMad = int.MaxValue;

    public RollingMedian(int capacity)
    {
        _window = new RollingWindow(capacity);
        _sorted = new List<double>(capacity + 1);
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

        _cachedMad = n % 2 == 1 ? SmallestDeviation(n / 2) : 0.5 * (SmallestDeviation((n / 2) - 1) + SmallestDeviation(n / 2));
        _addsSinceMad = 0;
        return _cachedMad;
    }

    /// <summary>
    /// The <paramref name="k"/>-th smallest |x − median| (0-based) without sorting: left of the median the deviations
    /// grow leftwards, right of it rightwards, so merging the two runs outwards from the median yields them in order.
    /// Each deviation is computed as |x − median| exactly as a sort of all of them would, so the value is identical.
    /// </summary>
    private double SmallestDeviation(int k)
    {
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sorted);
        var median = MedianOfSorted(_sorted);
        var right = LowerBound(sorted, median);
        var left = right - 1;
        var deviation = 0.0;
        for (var taken = 0; taken <= k; taken++)
        {
            var l = left >= 0 ? Math.Abs(sorted[left] - median) : double.PositiveInfinity;
            var r = right < sorted.Length ? Math.Abs(sorted[right] - median) : double.PositiveInfinity;
            if (l <= r)
            {
                deviation = l;
                left--;
            }
            else
            {
                deviation = r;
                right++;
            }
        }

        return deviation;
    }

    /// <summary>The first index whose value is not below <paramref name="value"/>.</summary>
    private static int LowerBound(ReadOnlySpan<double> sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
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
