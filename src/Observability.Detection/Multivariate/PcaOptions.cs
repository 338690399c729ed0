namespace Observability.Detection.Multivariate;

/// <summary>Settings of the multivariate (RandomizedPca) detector for one entity kind.</summary>
public sealed class PcaOptions
{
    /// <summary>Principal components kept (ML.NET RandomizedPcaTrainer rank); must be below the feature count.</summary>
    public int Rank { get; set; } = 2;

    /// <summary>Standardised vectors (all entities pooled) kept for training: the rolling window.</summary>
    public int TrainingWindow { get; set; } = 4096;

    /// <summary>Vectors needed before the first model is trained.</summary>
    public int MinTrainingVectors { get; set; } = 256;

    /// <summary>How often the model is retrained on the rolling window.</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Samples an entity needs before its vectors are standardised and scored.</summary>
    public int EntityWarmup { get; set; } = 30;

    /// <summary>Weight of a new sample in an entity's running mean and variance (exponential; ~1/alpha samples of memory).</summary>
    public double StandardisationAlpha { get; set; } = 0.01;

    /// <summary>Score 0–100 from which a vector is reported as an anomaly.</summary>
    public double Threshold { get; set; } = 90;

    public int Seed { get; set; } = 1;

    public void Validate(int features)
    {
        if (Rank < 1 || Rank >= features)
        {
            throw new ArgumentException($"{nameof(Rank)} must be in [1, {features - 1}] for {features} features, got {Rank}");
        }

        if (MinTrainingVectors < 16 || TrainingWindow < MinTrainingVectors)
        {
            throw new ArgumentException($"{nameof(MinTrainingVectors)} must be >= 16 and <= {nameof(TrainingWindow)}");
        }

        if (RetrainInterval <= TimeSpan.Zero || EntityWarmup < 2 || StandardisationAlpha is <= 0 or >= 1 || Threshold is <= 0 or > 100)
        {
            throw new ArgumentException($"{nameof(RetrainInterval)} > 0, {nameof(EntityWarmup)} >= 2, {nameof(StandardisationAlpha)} in (0,1), {nameof(Threshold)} in (0,100] are required");
        }
    }
}
