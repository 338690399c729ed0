using Observability.Core.Options;

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

    /// <summary>Sizing set in code only (not in obs.yml): errors name the property (<c>StepTelemetryOptions.Capacity</c>).</summary>
    public void Validate()
    {
        const string p = nameof(StepTelemetryOptions);
        OptionsCheck.Range($"{p}.{nameof(Capacity)}", Capacity, 2, 1 << 20);
        OptionsCheck.That(BatchSize >= 1 && BatchSize <= Capacity, $"{p}.{nameof(BatchSize)}", $"must be between 1 and Capacity ({Capacity}), got {BatchSize}");
        OptionsCheck.That(FlushInterval > TimeSpan.Zero && FlushInterval <= TimeSpan.FromMinutes(1), $"{p}.{nameof(FlushInterval)}", $"must be above zero and at most 1 minute, got {FlushInterval}");
        OptionsCheck.Range($"{p}.{nameof(MaxBlock)}", MaxBlock, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        OptionsCheck.Range($"{p}.{nameof(DrainTimeout)}", DrainTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(10));
    }
}
