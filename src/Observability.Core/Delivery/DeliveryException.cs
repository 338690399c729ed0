namespace Observability.Core.Delivery;

/// <summary>
/// A failed send by <see cref="SmtpSender"/> or <see cref="WebhookSender"/> (or a notifier), classified once for every
/// caller: transient failures (SMTP 4xx, a refused or dropped connection, a timeout, HTTP 408, 429 and 5xx) are worth
/// retrying with <see cref="Retry.ExponentialBackoff"/>, permanent ones (SMTP 5xx, failed authentication, other HTTP 4xx)
/// are not. <see cref="RetryAfter"/> is the server's <c>Retry-After</c>, which the backoff honours.
/// </summary>
public sealed class DeliveryException : Exception
{
    public DeliveryException(string message, bool isTransient, Exception? inner = null, TimeSpan? retryAfter = null)
        : base(message, inner) => (IsTransient, RetryAfter) = (isTransient, retryAfter);

    public DeliveryException() : this("delivery failed", true) { }

    public DeliveryException(string message) : this(message, true) { }

    public DeliveryException(string message, Exception inner) : this(message, true, inner) { }

    public bool IsTransient { get; }

    /// <summary>How long the server asked to wait before the next try; null when it did not say.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status or SMTP reply code the server answered; null when there was no answer.</summary>
    public int? StatusCode { get; init; }
}
