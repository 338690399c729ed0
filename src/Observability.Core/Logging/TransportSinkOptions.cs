using Observability.Core.Options;

namespace Observability.Core.Logging;

/// <summary>Options of <see cref="TransportSink"/>.</summary>
public sealed class TransportSinkOptions
{
    public string Topic { get; set; } = Transport.Topics.Logs;

    /// <summary>Events held while the pipeline is slow; beyond this new events are dropped (and counted), never blocking the app.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    public int BatchSize { get; set; } = 500;

    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How long disposal waits for queued events to be acknowledged.</summary>
    public TimeSpan DisposeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public void Validate(string prefix = "logging.pipeline")
    {
        OptionsCheck.NotEmpty($"{prefix}.topic", Topic);
        OptionsCheck.Range($"{prefix}.queue_capacity", QueueCapacity, 1, 10_000_000);
        OptionsCheck.Range($"{prefix}.batch_size", BatchSize, 1, 100_000);
        OptionsCheck.Range($"{prefix}.flush_interval", FlushInterval, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(10));
    }
}
