namespace Observability.Detection.SingleSeries;

/// <summary>
/// The verdict on one point: <see cref="Score"/> 0–100, whether it is flagged, and the evidence — the
/// Spectral Residual saliency ratio, the robust z against the median/MAD of the past window, and the level and
/// scale the point was compared with.
/// </summary>
public readonly record struct SeriesScore(double Score, bool IsAnomaly, double SaliencyRatio, double RobustZ, double Median, double Scale, double Value)
{
    public string Explain() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"value {Value:G6} vs median {Median:G6} (robust z {RobustZ:F1}, scale {Scale:G4}); spectral residual saliency {SaliencyRatio:F2}× its recent mean; score {Score:F1}");
}
