using Observability.Core.Options;

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

    /// <summary>Checks every parameter against the <paramref name="features"/> of the smaller feature set (<c>detection.gpu_features</c>, <c>detection.node_features</c>).</summary>
    public void Validate(int features, string prefix = "detection.pca")
    {
        OptionsCheck.That(Rank >= 1 && Rank < features, $"{prefix}.rank", $"must be in [1, {features - 1}] for {features} features, got {Rank}");
        OptionsCheck.That(MinTrainingVectors >= 16, $"{prefix}.min_training_vectors", $"must be >= 16, got {MinTrainingVectors}");
        OptionsCheck.That(TrainingWindow >= MinTrainingVectors, $"{prefix}.training_window", $"must be >= min_training_vectors ({MinTrainingVectors}), got {TrainingWindow}");
        OptionsCheck.That(RetrainInterval > TimeSpan.Zero, $"{prefix}.retrain_interval", $"must be > 0, got {RetrainInterval}");
        OptionsCheck.That(EntityWarmup >= 2, $"{prefix}.entity_warmup", $"must be >= 2, got {EntityWarmup}");
        OptionsCheck.That(StandardisationAlpha is > 0 and < 1, $"{prefix}.standardisation_alpha", $"must be in (0, 1), got {StandardisationAlpha}");
        OptionsCheck.That(Threshold is > 0 and <= 100, $"{prefix}.threshold", $"must be in (0, 100], got {Threshold}");
    }
}
