using Observability.Detection.SingleSeries;

namespace Observability.Detection.Training;

/// <summary>
/// A run's own baseline for one metric: the median of the samples after <c>skip</c> warm-up samples, frozen once
/// <c>size</c> samples are in; and a rolling median of the latest samples to compare with it.
/// </summary>
public sealed class RunBaseline
{
    private readonly int _skip;
    private readonly int _size;
    private readonly List<double> _baselineSamples = [];
    private readonly RollingMedian _recent;
    private long _seen;

    public RunBaseline(int skip = 10, int size = 50, int recent = 15)
    {
        _skip = skip;
        _size = size;
        _recent = new RollingMedian(recent);
    }

    public double? Baseline { get; private set; }

    public double Recent => _recent.Median();

    public bool RecentFull => _recent.Count == _recent.Capacity;

    public void Add(double value)
    {
        _seen++;
        _recent.Add(value);
        if (Baseline is null && _seen > _skip)
        {
            _baselineSamples.Add(value);
            if (_baselineSamples.Count >= _size)
            {
                _baselineSamples.Sort();
                Baseline = _baselineSamples[_baselineSamples.Count / 2];
            }
        }
    }
}
