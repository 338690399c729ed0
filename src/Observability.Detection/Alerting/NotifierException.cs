namespace Observability.Detection.Alerting;

/// <summary>A notification failed; <see cref="IsTransient"/> says whether a retry can help (5xx, timeouts, connection errors).</summary>
public sealed class NotifierException : Exception
{
    public NotifierException(string message, bool isTransient, Exception? inner = null) : base(message, inner) => IsTransient = isTransient;

    public NotifierException() : this("notification failed", true) { }

    public NotifierException(string message) : this(message, true) { }

    public NotifierException(string message, Exception inner) : this(message, true, inner) { }

    public bool IsTransient { get; }
}
