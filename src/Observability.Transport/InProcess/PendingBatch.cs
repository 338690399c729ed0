using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>
/// The messages of one produce call for one topic, with the completion its producer awaits. A consumer may hand
/// them out in several received batches; the producer is released when every message was acknowledged, and
/// fails as soon as any of them failed.
/// </summary>
internal sealed class PendingBatch
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unacknowledged;

    /// <param name="groups">Consumer groups the batch goes to; each acknowledges every message.</param>
    public PendingBatch(IReadOnlyList<TransportMessage> messages, int groups = 1)
    {
        Messages = messages;
        _unacknowledged = messages.Count * groups;
    }

    public IReadOnlyList<TransportMessage> Messages { get; }

    public Task Completion => _done.Task;

    public void Acknowledge(int count)
    {
        if (Interlocked.Add(ref _unacknowledged, -count) <= 0)
        {
            _done.TrySetResult();
        }
    }

    public void Fail(Exception error) =>
        _done.TrySetException(error as TransportException ?? new TransportException($"the consumer failed the batch: {error.Message}", isTransient: true, error));
}
