using System.Diagnostics;

namespace Observability.Training.Worker.Telemetry;

/// <summary>
/// The figures of one training step, as the training thread hands them to the telemetry shipper: a plain value copied
/// into a preallocated ring slot, so recording a step allocates nothing and calls no telemetry API.
/// </summary>
internal struct StepRecord
{
    public long Step;
    public long Epoch;

    /// <summary>Sum of the phases (the figure of <c>training.step.duration_ms</c> and the step-time histogram).</summary>
    public double StepMs;

    public double DataMs;
    public double ForwardMs;
    public double BackwardMs;
    public double CommunicationMs;
    public double OptimizerMs;
    public int Samples;
    public double Loss;

    /// <summary>Sampled steps only (NaN otherwise): the global gradient norm, which must be read before the next zero_grad.</summary>
    public double GradNorm;

    /// <summary>Sampled steps get a <c>train.step</c> span and a step metric document; every step feeds the histograms.</summary>
    public bool Sampled;

    /// <summary>Sampled steps: when the step began and how long it took (wall), for the span reconstructed off-thread.</summary>
    public DateTimeOffset StartedAt;

    public double WallMs;

    /// <summary>Sampled steps: the span the step belongs to (the epoch span), so the step span keeps its parent.</summary>
    public ActivityContext Parent;
}
