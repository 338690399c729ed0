namespace Observability.Agent.Files;

/// <summary>Exponential backoff with jitter for re-sending to the transport: 100 ms doubling up to 10 s, each 50–100 % of that.</summary>
internal static class RetryBackoff
{
    public static TimeSpan For(int attempt) =>
        TimeSpan.FromMilliseconds(Math.Min(10_000, 100 * Math.Pow(2, Math.Min(attempt, 10))) * (0.5 + (Random.Shared.NextDouble() / 2)));
}
