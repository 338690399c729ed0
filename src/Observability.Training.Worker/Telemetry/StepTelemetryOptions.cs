namespace Observability.Training.Worker.Telemetry;

/// <summary>Sizing of the per-step telemetry hand-off between the training thread and the shipper thread.</summary>
internal sealed class StepTelemetryOptions
{
    /// <summary>Step records the ring holds (about 0.5 MB at the default): many seconds of even the tiniest steps.</summary>
    public int Capacity { get; set; } = 4096;

    /// <summary>Records the shipper takes per batch (one stdout flush per batch).</summary>
    public int BatchSize { get; set; } = 256;

    /// <summary>How often the shipper wakes to drain the ring; it is woken early when the ring is half full.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long the training thread may wait for room when the ring is full before it drops the record (counted). After a
    /// wait has run out it drops without waiting until the shipper has freed half the ring, so a stalled shipper costs
    /// the training loop one wait, not one per step.
    /// </summary>
    public TimeSpan MaxBlock { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long the end of a run waits for the shipper to write what is left.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public void Validate()
    {
        if (Capacity is < 2 or > 1 << 20)
        {
            throw new ArgumentException($"{nameof(Capacity)} must be between 2 and {1 << 20}, not {Capacity}");
        }

        if (BatchSize < 1 || BatchSize > Capacity)
        {
            throw new ArgumentException($"{nameof(BatchSize)} must be between 1 and {nameof(Capacity)} ({Capacity}), not {BatchSize}");
        }

        if (FlushInterval <= TimeSpan.Zero || FlushInterval > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(FlushInterval)} must be above zero and at most 1 minute, not {FlushInterval}");
        }

        if (MaxBlock < TimeSpan.Zero || MaxBlock > TimeSpan.FromMinutes(1))
        {
            throw new ArgumentException($"{nameof(MaxBlock)} must be between zero and 1 minute, not {MaxBlock}");
        }

        if (DrainTimeout < TimeSpan.Zero || DrainTimeout > TimeSpan.FromMinutes(10))
        {
            throw new ArgumentException($"{nameof(DrainTimeout)} must be between zero and 10 minutes, not {DrainTimeout}");
        }
    }
}
