namespace Observability.Query.Time;

/// <summary>Wall-clock times of a time zone to instants and back, resolving daylight-saving gaps and overlaps as java.time does (and so Elasticsearch).</summary>
public static class ZonedTime
{
    /// <summary>
    /// The instant of a wall-clock time in <paramref name="zone"/>. A time in a spring-forward gap moves later by the
    /// gap's length; a time that occurs twice (autumn) takes the earlier instant.
    /// </summary>
    public static DateTimeOffset ToUtc(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            // The offset before the gap applies, which is what "later by the gap's length" amounts to.
            var before = zone.GetUtcOffset(local.AddHours(-3));
            return new DateTimeOffset(local - before, TimeSpan.Zero);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local - offset, TimeSpan.Zero);
    }

    /// <summary>The wall-clock time of <paramref name="instant"/> in <paramref name="zone"/>.</summary>
    public static DateTime ToLocal(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(TimeZoneInfo.ConvertTime(instant, zone).DateTime, DateTimeKind.Unspecified);

    /// <summary>
    /// A zone by name: <c>UTC</c>, an IANA id (<c>Europe/Berlin</c>), an offset (<c>+01:00</c>, <c>-0800</c>), or
    /// <c>Browser</c>/<c>local</c> for this machine's zone (Kibana's default for <c>dateFormat:tz</c>).
    /// </summary>
    public static TimeZoneInfo FindZone(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim();
        if (n.Equals("Browser", StringComparison.OrdinalIgnoreCase) || n.Equals("local", StringComparison.OrdinalIgnoreCase))
        {
            return TimeZoneInfo.Local;
        }

        if (n.Equals("UTC", StringComparison.OrdinalIgnoreCase) || n == "Z")
        {
            return TimeZoneInfo.Utc;
        }

        if (n.Length > 0 && n[0] is '+' or '-' && PartialDate.TryParse("1970-01-01T00:00" + n, TimeZoneInfo.Utc, false, out var t, out _))
        {
            var offset = -(t - DateTimeOffset.UnixEpoch);
            return TimeZoneInfo.CreateCustomTimeZone(n, offset, n, n);
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(n);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new FormatException($"'{name}' is not a time zone: use UTC, an IANA name such as Europe/Berlin, an offset such as +01:00, or Browser (this machine's zone)", e);
        }
    }
}
