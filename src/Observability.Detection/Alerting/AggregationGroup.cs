namespace Observability.Detection.Alerting;

/// <summary>Alerts of one route with the same group_by values, and when they are next flushed.</summary>
internal sealed class AggregationGroup
{
    public AggregationGroup(Route route, LabelSet groupLabels, DateTimeOffset firstFlush)
    {
        Route = route;
        GroupLabels = groupLabels;
        NextFlush = firstFlush;
        Key = $"{route.Key}:{groupLabels}";
    }

    public Route Route { get; }

    public LabelSet GroupLabels { get; }

    public string Key { get; }

    public Dictionary<string, Alert> Alerts { get; } = new(StringComparer.Ordinal);

    public DateTimeOffset NextFlush { get; set; }

    /// <summary>Resolved alerts already flushed (fingerprint → EndsAt), so they are not inserted again.</summary>
    public Dictionary<string, DateTimeOffset> FlushedResolved { get; } = new(StringComparer.Ordinal);

    /// <summary>Failed attempts per integration since its last success.</summary>
    public Dictionary<string, int> Attempts { get; } = new(StringComparer.Ordinal);
}
