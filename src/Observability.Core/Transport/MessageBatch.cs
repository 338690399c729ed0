namespace Observability.Core.Transport;

/// <summary>A batch of received messages that carries its own acknowledgement (STYLE.md #4).</summary>
public sealed class MessageBatch
{
    private readonly Action<MessageBatch>? _onAck;
    private readonly Action<MessageBatch, Exception>? _onFail;
    private int _settled;

    public MessageBatch(IReadOnlyList<TransportMessage> messages, Action<MessageBatch>? onAck, Action<MessageBatch, Exception>? onFail = null)
    {
        Messages = messages;
        _onAck = onAck;
        _onFail = onFail;
    }

    public static MessageBatch Empty { get; } = new([], null);

    public IReadOnlyList<TransportMessage> Messages { get; }

    public int Count => Messages.Count;

    /// <summary>Every message is durably stored (or dead-lettered): the source may move past it. Idempotent.</summary>
    public void Acknowledge()
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _onAck?.Invoke(this);
        }
    }

    /// <summary>The batch could not be stored: it must be delivered again (its producer sees the error).</summary>
    public void Fail(Exception error)
    {
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _onFail?.Invoke(this, error);
        }
    }
}
