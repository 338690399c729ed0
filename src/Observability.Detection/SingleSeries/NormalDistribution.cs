namespace Observability.Detection.SingleSeries;

/// <summary>Standard normal CDF (Abramowitz–Stegun 7.1.26 erfc approximation, |error| &lt; 1.5e-7).</summary>
public static class NormalDistribution
{
    public static double Cdf(double z)
    {
        var x = Math.Abs(z) / Math.Sqrt(2.0);
        var t = 1.0 / (1.0 + (0.3275911 * x));
        var poly = t * (0.254829592 + (t * (-0.284496736 + (t * (1.421413741 + (t * (-1.453152027 + (t * 1.061405429))))))));
        var erfc = poly * Math.Exp(-x * x);
        return z >= 0 ? 1.0 - (0.5 * erfc) : 0.5 * erfc;
    }
}
