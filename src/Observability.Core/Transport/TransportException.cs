namespace Observability.Core.Transport;

/// <summary>A transport could not deliver; <see cref="IsTransient"/> says whether retrying can help.</summary>
public sealed class TransportException : Exception
{
    public TransportException(string message, bool isTransient, Exception? inner = null) : base(message, inner) => IsTransient = isTransient;

    public TransportException() : this("transport error", true) { }

    public TransportException(string message) : this(message, true) { }

    public TransportException(string message, Exception inner) : this(message, true, inner) { }

    public bool IsTransient { get; }
}
