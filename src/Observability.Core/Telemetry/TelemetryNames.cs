namespace Observability.Core.Telemetry;

/// <summary>
/// The one vocabulary every component counts in (STYLE.md #8): what it took in, handed on, discarded on purpose and
/// lost to an error, each of the last two with a <c>reason</c>. Component-specific figures (retries, batches, gauges)
/// use lower-case snake names beside these.
/// </summary>
public static class TelemetryNames
{
    /// <summary>Every component's meter is named <c>Observability.&lt;Component&gt;</c>; the exporter listens to this prefix.</summary>
    public const string MeterPrefix = "Observability.";

    /// <summary>Items taken in (messages consumed, lines read, alerts queued).</summary>
    public const string Received = "received";

    /// <summary>Items handed on and confirmed by the next stage (stored, delivered, acknowledged).</summary>
    public const string Sent = "sent";

    /// <summary>Items discarded on purpose (a duplicate, a pipeline drop, a silence, a full queue), with a reason.</summary>
    public const string Dropped = "dropped";

    /// <summary>Items not delivered because of an error (refused for good, retries exhausted, dead-lettered), with a reason.</summary>
    public const string Failed = "failed";

    /// <summary>Failed attempts that were tried again: not lost, but a sign of trouble downstream.</summary>
    public const string Retries = "retries";

    /// <summary>The tag that says why an item was dropped or failed.</summary>
    public const string ReasonTag = "reason";
}
