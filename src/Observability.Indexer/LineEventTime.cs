using System.Globalization;
using Observability.Core.Documents;
using Observability.Core.Time;

namespace Observability.Indexer;

/// <summary>
/// The event time of plain log lines. The agent stamps a line with the time it read it, as both <c>@timestamp</c> and
/// <c>event.created</c>; while <c>@timestamp</c> is still that read time (no JSON <c>@timestamp</c>, no pipeline has run
/// yet), the time written at the start of the line (<see cref="LeadingTimestampParser"/>) becomes <c>@timestamp</c>, and
/// <c>event.created</c> keeps the read time. So a file read late (catch-up after downtime, an old file) lands at the
/// times it was written. The indexer applies it before the pipelines, whose <c>date</c> processors still have the last word.
/// A line time after the read time is refused: an event never moves into the future.
/// </summary>
public sealed class LineEventTime(TimeZoneInfo zone)
{
    public TimeZoneInfo Zone { get; } = zone ?? throw new ArgumentNullException(nameof(zone));

    /// <summary>Sets <c>@timestamp</c> from the line when it applies; true if it changed the document.</summary>
    public bool Apply(EcsDocument doc)
    {
        if (doc.Timestamp is not { } timestamp || ReadTime(doc) is not { } readTime || timestamp != readTime || doc.Message is not { Length: > 0 } message)
        {
            return false;
        }

        if (!LeadingTimestampParser.TryParse(message, readTime, Zone, out var written, out _))
        {
            return false;
        }

        doc.Timestamp = written;
        return true;
    }

    private static DateTimeOffset? ReadTime(EcsDocument doc) => doc[EcsFields.EventCreated] switch
    {
        DateTimeOffset t => t,
        string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) => t,
        _ => null,
    };
}
