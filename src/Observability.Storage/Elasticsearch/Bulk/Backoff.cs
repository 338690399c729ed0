namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>Exponential backoff with "equal jitter" (a random wait between half and all of the capped step); honours Retry-After when given.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan max, Random? random = null)
{
    private readonly Random _random = random ?? Random.Shared;

    public TimeSpan Delay(int attempt, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } ra)
        {
            return ra < max ? ra : max;
        }

        var ceiling = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 30));
        ceiling = Math.Min(ceiling, max.TotalMilliseconds);
        // Never less than half the step, so retries do spread out, and never over the cap.
        return TimeSpan.FromMilliseconds((ceiling / 2) + (_random.NextDouble() * ceiling / 2));
    }
}
