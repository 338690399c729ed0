namespace Observability.Detection.SingleSeries;

/// <summary>
/// Robust seasonality: the expected value of a point is the median of the values at the same phase in the last
/// few seasons, and the surprise is the robust z of the residual against the median/MAD of past residuals.
/// </summary>
public sealed class SeasonalModel
{
    private readonly int _period;
    private readonly int _seasons;
    private readonly RollingWindow _values;
    private readonly RollingMedian _residuals;
    private readonly double[] _phase;

    public SeasonalModel(int period, int seasons, int residualWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(period, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(seasons, 1);
        _period = period;
        _seasons = seasons;
        _values = new RollingWindow((period * seasons) + 1);
        _residuals = new RollingMedian(residualWindow);
        _phase = new double[seasons];
    }

    /// <summary>True once one full season and enough residuals are known.</summary>
    public bool IsReady => _residuals.Count >= Math.Min(_residuals.Capacity, 32);

    /// <summary>Robust scale (σ estimate) of the seasonal residuals.</summary>
    public double Scale { get; private set; }

    /// <summary>Scores <paramref name="value"/> against the past, then learns it. Returns the robust z (0 until ready).</summary>
    public double Add(double value, double minScale)
    {
        var z = 0.0;
        var available = Math.Min(_seasons, _values.Count / _period);
        if (available > 0)
        {
            for (var k = 1; k <= available; k++)
            {
                _phase[k - 1] = _values[_values.Count - (k * _period)];
            }

            var expected = Median(_phase.AsSpan(0, available));
            var residual = value - expected;
            Scale = Math.Max(RollingMedian.MadToSigma * _residuals.Mad(), minScale);
            if (IsReady)
            {
                z = (residual - _residuals.Median()) / Scale;
            }

            _residuals.Add(residual);
        }

        _values.Add(value);
        return z;
    }

    private static double Median(Span<double> values)
    {
        values.Sort();
        var n = values.Length;
        return n % 2 == 1 ? values[n / 2] : 0.5 * (values[(n / 2) - 1] + values[n / 2]);
    }
}
