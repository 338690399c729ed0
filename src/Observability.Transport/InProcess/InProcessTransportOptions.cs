using Observability.Core.Options;

namespace Observability.Transport.InProcess;

/// <summary>Options of the embedded transport (<c>transport.in_process</c> in obs.yml).</summary>
public sealed class InProcessTransportOptions
{
    /// <summary>Produce calls (batches) a topic holds before producers wait: the backpressure bound.</summary>
    public int TopicCapacity { get; set; } = 64;

    public void Validate(string prefix = "transport.in_process") =>
        OptionsCheck.Range($"{prefix}.topic_capacity", TopicCapacity, 1, 1_000_000);
}
