namespace Observability.Detection.Patterns;

/// <summary>
/// One pattern's cluster-wide history: when it was first and last seen, and an exponentially weighted mean of its
/// events per interval. Intervals are aligned on event time; an interval closes when a later one starts, and the
/// empty intervals between two events count as zeros. The mean is bias-corrected (as Adam's moments are) so a young
/// pattern's baseline is the mean of the intervals it has had, not pulled towards zero. An interval adds at most
/// a cap to the mean: a burst must not teach the baseline that the pattern is common, or the next burst of it
/// (an incident that recurs) would go unseen for hours; a pattern that is really frequent still reaches the cap.
/// </summary>
internal sealed class PatternBaseline(string template, bool errorLevel, DateTimeOffset firstSeen, long interval)
{
    private double _ewma;
    private double _weight;
    private long _interval = interval;
    private long _count;

    public string Template { get; } = template;

    public bool ErrorLevel { get; } = errorLevel;

    public DateTimeOffset FirstSeen { get; } = firstSeen;

    public DateTimeOffset LastSeen { get; private set; } = firstSeen;

    /// <summary>Events per interval over the closed intervals since the first event; 0 before one has closed.</summary>
    public double Rate => _weight > 0 ? _ewma / _weight : 0;

    public void Add(long interval, DateTimeOffset at, double decay, double cap)
    {
        Advance(interval, decay, cap);
        _count++;
        LastSeen = at > LastSeen ? at : LastSeen;
    }

    /// <summary>Closes the intervals before <paramref name="interval"/>; a late event (an earlier interval) counts in the open one.</summary>
    private void Advance(long interval, double decay, double cap)
    {
        if (interval <= _interval)
        {
            return;
        }

        // The open interval closes with its count, then every empty interval up to the new one with zero.
        _ewma = (decay * _ewma) + ((1 - decay) * Math.Min(_count, cap));
        _weight = (decay * _weight) + (1 - decay);
        var empty = interval - _interval - 1;
        if (empty > 0)
        {
            var factor = Math.Pow(decay, empty);
            _ewma *= factor;
            _weight = (_weight * factor) + (1 - factor);
        }

        _interval = interval;
        _count = 0;
    }
}
