namespace Observability.Detection.SingleSeries;

/// <summary>Least-squares slope and R² over the last N samples (index as x), for leaks and runaways that creep rather than jump.</summary>
public sealed class TrendEstimator
{
    private readonly RollingWindow _values;

    public TrendEstimator(int window) => _values = new RollingWindow(window);

    public bool IsFull => _values.IsFull;

    public double Last => _values.Count == 0 ? double.NaN : _values[_values.Count - 1];

    public void Add(double value) => _values.Add(value);

    /// <summary>Slope per sample and the fraction of variance the line explains.</summary>
    public (double Slope, double RSquared) Fit()
    {
        var n = _values.Count;
        if (n < 3)
        {
            return (0, 0);
        }

        double sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var y = _values[i];
            sx += i;
            sy += y;
            sxx += (double)i * i;
            sxy += i * y;
            syy += y * y;
        }

        var cov = sxy - (sx * sy / n);
        var varX = sxx - (sx * sx / n);
        var varY = syy - (sy * sy / n);
        var slope = varX > 0 ? cov / varX : 0;
        var r2 = varX > 0 && varY > 1e-12 ? cov * cov / (varX * varY) : 0;
        return (slope, r2);
    }
}
