namespace Observability.Core.Retry;

/// <summary>How a backoff step is randomised, so retries of many clients do not hit a recovering server at once.</summary>
public enum BackoffJitter
{
    /// <summary>±20 % around the step (never above the cap): retries stay close to the schedule.</summary>
    Spread,

    /// <summary>Between half and all of the step ("equal jitter"): never less than half, so retries do spread out.</summary>
    Equal,
}

/// <summary>
/// The one retry delay of the stack: exponential (<c>initial·2ⁿ⁻¹</c> for the n-th retry), capped at <c>max</c>, with
/// <see cref="BackoffJitter"/>; a server's <c>Retry-After</c> wins when given (capped too). Used by the indexer, the
/// Elasticsearch bulk writer, the agent's sends, alert notifications and the training scheduler's job retries.
/// Thread-safe with the default random; a seeded <see cref="Random"/> (tests, the scheduler) is the caller's to share.
/// </summary>
public sealed class ExponentialBackoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly BackoffJitter _jitter;
    private readonly Random _random;

    public ExponentialBackoff(TimeSpan initial, TimeSpan max, BackoffJitter jitter = BackoffJitter.Spread, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initial, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, initial);
        (_initial, _max, _jitter, _random) = (initial, max, jitter, random ?? Random.Shared);
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first retry; less counts as 1).</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } after)
        {
            return after < _max ? (after > TimeSpan.Zero ? after : TimeSpan.Zero) : _max;
        }

        var step = Math.Min(_initial.TotalMilliseconds * Math.Pow(2, Math.Clamp(retry - 1, 0, 30)), _max.TotalMilliseconds);
        var ms = _jitter switch
        {
            BackoffJitter.Equal => (step / 2) + (_random.NextDouble() * step / 2),
            _ => step * (0.8 + (_random.NextDouble() * 0.4)),
        };
        return TimeSpan.FromMilliseconds(Math.Min(ms, _max.TotalMilliseconds));
    }
}
