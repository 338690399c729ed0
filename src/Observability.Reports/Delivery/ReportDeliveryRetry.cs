using Observability.Core.Retry;

namespace Observability.Reports.Delivery;

/// <summary>
/// How a delivery that failed transiently (an SMTP 4xx, a refused connection, HTTP 408/429/5xx: see
/// <see cref="Core.Delivery.DeliveryException"/>) is tried again within the same report run: <paramref name="Attempts"/>
/// tries in all, waiting <see cref="ExponentialBackoff"/> from <paramref name="Initial"/> up to <paramref name="Max"/>
/// between them, or the receiver's <c>Retry-After</c> (capped at <paramref name="Max"/>). A permanent failure is not retried.
/// </summary>
public sealed record ReportDeliveryRetry(int Attempts, TimeSpan Initial, TimeSpan Max)
{
    /// <summary>One try, no retry (a delivery run by hand, or tests of a single failure).</summary>
    public static readonly ReportDeliveryRetry None = new(1, TimeSpan.Zero, TimeSpan.Zero);

    internal ExponentialBackoff Backoff() => new(Initial, Max < Initial ? Initial : Max, BackoffJitter.Equal);
}
