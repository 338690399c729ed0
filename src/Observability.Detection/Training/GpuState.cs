using Observability.Detection.SingleSeries;

namespace Observability.Detection.Training;

/// <summary>What the GPU health detector keeps per GPU.</summary>
internal sealed class GpuState
{
    public RollingWindow Utilisation { get; } = new(30);

    public TrendEstimator Memory { get; } = new(60);

    public TrendEstimator Temperature { get; } = new(30);

    public RollingMedian TemperatureLevel { get; } = new(360);

    public double? LastEcc { get; set; }

    public bool SawVariation { get; set; }
}
