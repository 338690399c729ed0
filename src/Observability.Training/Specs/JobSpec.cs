namespace Observability.Training.Specs;

/// <summary>
/// A training job as its owner writes it (YAML, see examples/jobs). Durations are strings such as
/// <c>30s</c>, <c>10m</c>, <c>1h</c> or <c>00:10:00</c>; <see cref="JobSpecLoader"/> parses and validates them.
/// </summary>
public sealed class JobSpec
{
    public string Name { get; set; } = "";
    public string Owner { get; set; } = "default";
    public ModelSpec Model { get; set; } = new();
    public DatasetSpec Dataset { get; set; } = new();

    /// <summary>Optimizer steps to run; when 0, <see cref="Epochs"/> passes over the dataset.</summary>
    public int Steps { get; set; }

    public int Epochs { get; set; }

    /// <summary>Global batch size, split evenly between ranks.</summary>
    public int BatchSize { get; set; } = 32;

    public double LearningRate { get; set; } = 0.01;

    /// <summary>sgd, momentum, adam or adamw.</summary>
    public string Optimizer { get; set; } = "adam";

    public int WorldSize { get; set; } = 1;
    public int GpusPerRank { get; set; }

    /// <summary>Higher runs first; a higher-priority job may preempt lower ones.</summary>
    public int Priority { get; set; }

    public int MaxRetries { get; set; } = 2;
    public string? Timeout { get; set; }

    /// <summary>Save a checkpoint every this many steps (0: only at preemption).</summary>
    public int CheckpointEvery { get; set; } = 50;

    /// <summary>Optional Quartz cron expression: submit this spec again on that schedule.</summary>
    public string? Schedule { get; set; }

    /// <summary>Random seed of model initialisation and batch sampling (ranks stay in step by sharing it).</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Pads every step to at least this duration (e.g. <c>20ms</c>). For demos and failure drills, where a tiny model
    /// would otherwise finish before a worker can be stopped; leave unset for real work.
    /// </summary>
    public string? StepPacing { get; set; }

    /// <summary>Emit a step span and a per-step metric document every this many steps (bounded trace volume).</summary>
    public int TraceEverySteps { get; set; } = 10;
}
