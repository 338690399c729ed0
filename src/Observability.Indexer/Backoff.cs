namespace Observability.Indexer;

/// <summary>Exponential backoff with ±20% jitter, capped: attempt 1 waits about initial, attempt n about initial·2ⁿ⁻¹.</summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;

    public Backoff(TimeSpan initial, TimeSpan max)
    {
        _initial = initial;
        _max = max;
    }

    public TimeSpan Delay(int attempt)
    {
        var exponent = Math.Min(Math.Max(attempt - 1, 0), 30);
        var ms = Math.Min(_initial.TotalMilliseconds * Math.Pow(2, exponent), _max.TotalMilliseconds);
        // Jitter spreads retries of several indexers so they do not hit a recovering store at once.
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(ms * jitter, _max.TotalMilliseconds));
    }
}
