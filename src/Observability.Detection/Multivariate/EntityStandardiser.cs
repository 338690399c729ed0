namespace Observability.Detection.Multivariate;

/// <summary>
/// Per-entity running mean and variance of each feature (exponentially weighted), so vectors of a busy and an idle
/// GPU are comparable: each feature becomes "how unusual for this entity". A floor on the scale keeps a flat
/// feature from turning noise into huge z values.
/// </summary>
public sealed class EntityStandardiser
{
    private readonly double[] _mean;
    private readonly double[] _variance;
    private readonly double[] _minStd;
    private readonly double _alpha;

    public EntityStandardiser(IReadOnlyList<double> minStd, double alpha)
    {
        _mean = new double[minStd.Count];
        _variance = new double[minStd.Count];
        _minStd = minStd.ToArray();
        _alpha = alpha;
    }

    public long Count { get; private set; }

    /// <summary>Writes the standardised vector of <paramref name="x"/> (against the past), then learns <paramref name="x"/>.</summary>
    public void Standardise(ReadOnlySpan<double> x, Span<float> z)
    {
        for (var i = 0; i < _mean.Length; i++)
        {
            var std = Math.Max(Math.Sqrt(_variance[i]), _minStd[i]);
            z[i] = Count == 0 ? 0f : (float)Math.Clamp((x[i] - _mean[i]) / std, -1e3, 1e3);
        }

        Learn(x);
    }

    private void Learn(ReadOnlySpan<double> x)
    {
        Count++;
        // Warm start: plain averages for the first 1/alpha samples, then exponential forgetting.
        var a = Math.Max(_alpha, 1.0 / Count);
        for (var i = 0; i < _mean.Length; i++)
        {
            var delta = x[i] - _mean[i];
            _mean[i] += a * delta;
            _variance[i] = (1 - a) * (_variance[i] + (a * delta * delta));
        }
    }
}
