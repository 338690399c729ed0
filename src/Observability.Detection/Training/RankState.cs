using Observability.Detection.SingleSeries;

namespace Observability.Detection.Training;

/// <summary>What the training detector keeps per (job, rank).</summary>
internal sealed class RankState
{
    public RollingMedian LogLoss { get; } = new(50);

    public RollingWindow RecentLoss { get; } = new(20);

    public double BestSmoothedLoss { get; set; } = double.PositiveInfinity;

    public long LossSamples { get; set; }

    public RunBaseline StepTime { get; } = new();

    public RunBaseline Throughput { get; } = new();

    public RunBaseline DataTime { get; } = new();

    public RollingMedian RecentStep { get; } = new(10);

    public DateTimeOffset LastSeen { get; set; }
}
