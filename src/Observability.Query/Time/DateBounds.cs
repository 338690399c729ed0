namespace Observability.Query.Time;

/// <summary>
/// A date value of a query as the span of instants it names, at the precision it was written with:
/// <c>2026-12-05</c> is the whole day, <c>2026-12-05T06:30</c> the minute, <c>now</c> one millisecond.
/// <see cref="Lower"/> is the value rounded down; <see cref="UpperExclusive"/> is the value rounded up
/// (Elasticsearch's <c>lte</c>/<c>gt</c> resolution) plus one millisecond. With stored times cut to milliseconds,
/// as Elasticsearch's <c>date</c> type cuts them, Elasticsearch's operators become half-open comparisons:
/// <c>gte</c> ≥ lower, <c>lt</c> &lt; lower, <c>gt</c> ≥ upper, <c>lte</c> &lt; upper, and equality (Kibana's
/// <c>gte</c> + <c>lte</c> on the same value) lower ≤ t &lt; upper. Every back end compares with these two instants.
/// </summary>
public readonly record struct DateBounds(DateTimeOffset Lower, DateTimeOffset UpperExclusive)
{
    public static DateBounds Resolve(string text, TimeProvider time, TimeZoneInfo zone) =>
        TryResolve(text, time, zone, out var bounds, out var error) ? bounds : throw new FormatException(error);

    public static bool TryResolve(string text, TimeProvider time, TimeZoneInfo zone, out DateBounds bounds, out string? error)
    {
        bounds = default;
        if (!TimeExpression.TryParse(text, time, zone, roundUp: false, out var lower, out error)
            || !TimeExpression.TryParse(text, time, zone, roundUp: true, out var upper, out error))
        {
            return false;
        }

        bounds = new DateBounds(lower, upper.AddMilliseconds(1));
        return true;
    }

    /// <summary>Equality: the instant lies within the span.</summary>
    public bool Contains(DateTimeOffset t) => t >= Lower && t < UpperExclusive;

    /// <summary>
    /// A range operator as one half-open comparison: <c>AtLeast</c> true means <c>t ≥ Bound</c>, false means
    /// <c>t &lt; Bound</c>.
    /// </summary>
    public (bool AtLeast, DateTimeOffset Bound) For(bool upper, bool inclusive) => (upper, inclusive) switch
    {
        (false, true) => (true, Lower), // gte
        (false, false) => (true, UpperExclusive), // gt: after the value rounded up
        (true, false) => (false, Lower), // lt
        (true, true) => (false, UpperExclusive), // lte: up to the value rounded up
    };

    /// <summary>Does <paramref name="t"/> satisfy the operator (see <see cref="For"/>)?</summary>
    public bool Accepts(bool upper, bool inclusive, DateTimeOffset t)
    {
        var (atLeast, bound) = For(upper, inclusive);
        return atLeast ? t >= bound : t < bound;
    }
}
