using Observability.Training.Scheduling;

namespace Observability.Training.Worker.Training;

/// <summary>Per-rank step-time statistics for the run's summary (and the overhead bench).</summary>
internal sealed class StepStats
{
    private readonly List<double> _steps = [];
    private double _data, _forward, _backward, _communication, _optimizer, _total;
    private long _samples;

    public double? FirstLoss { get; private set; }
    public double? LastLoss { get; private set; }

    /// <param name="step">Wall time of the whole step (phases plus bookkeeping and instrumentation).</param>
    public void Add(double step, double data, double forward, double backward, double communication, double optimizer, int samples, double loss)
    {
        _steps.Add(step);
        (_data, _forward, _backward, _communication, _optimizer) = (_data + data, _forward + forward, _backward + backward, _communication + communication, _optimizer + optimizer);
        _total += step;
        _samples += samples;
        FirstLoss ??= loss;
        LastLoss = loss;
    }

    public RankSummary Summarise(int rank)
    {
        var n = Math.Max(1, _steps.Count);
        var sorted = _steps.Order().ToArray();
        return new RankSummary
        {
            Rank = rank,
            Steps = _steps.Count,
            StepP50Ms = Percentile(sorted, 0.50),
            StepP95Ms = Percentile(sorted, 0.95),
            DataMs = _data / n,
            ForwardMs = _forward / n,
            BackwardMs = _backward / n,
            CommunicationMs = _communication / n,
            OptimizerMs = _optimizer / n,
            SamplesPerSecond = _total > 0 ? _samples / (_total / 1000.0) : 0,
            FirstLoss = FirstLoss,
            LastLoss = LastLoss,
        };
    }

    public static double Percentile(double[] sorted, double q)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var pos = q * (sorted.Length - 1);
        var lo = (int)Math.Floor(pos);
        var hi = Math.Min(sorted.Length - 1, lo + 1);
        return sorted[lo] + ((sorted[hi] - sorted[lo]) * (pos - lo));
    }
}
