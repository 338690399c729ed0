namespace Observability.Detection.Alerting;

/// <summary>What a receiver was last told about a group (Alertmanager's nflog entry).</summary>
public sealed record NotificationLogEntry(string Receiver, string GroupKey, IReadOnlySet<string> Firing, IReadOnlySet<string> Resolved, DateTimeOffset Timestamp)
{
    /// <summary>Alertmanager's needsUpdate: notify a new group with firing alerts, any firing alert not yet sent,
    /// an all-resolved group, newly resolved alerts (if the receiver wants them), or after the repeat interval.</summary>
    public static bool NeedsUpdate(NotificationLogEntry? entry, IReadOnlySet<string> firing, IReadOnlySet<string> resolved, bool sendResolved, TimeSpan repeat, DateTimeOffset now)
    {
        if (entry is null)
        {
            return firing.Count > 0;
        }

        if (!firing.IsSubsetOf(entry.Firing))
        {
            return true;
        }

        if (firing.Count == 0)
        {
            return entry.Firing.Count > 0;
        }

        if (sendResolved && !resolved.IsSubsetOf(entry.Resolved))
        {
            return true;
        }

        return entry.Timestamp < now - repeat;
    }
}
