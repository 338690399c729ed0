using System.Threading.Channels;
using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>
/// Receives from one or more topics of an <see cref="InProcessTransport"/>. A received batch may hold parts of
/// several produce calls (and a produce call may span several received batches); acknowledging or failing the
/// batch settles exactly the messages it holds.
/// </summary>
public sealed class InProcessConsumer : IMessageConsumer
{
    private readonly Channel<PendingBatch>[] _channels;
    private readonly string[] _topics;
    // A produce call larger than maxMessages is handed out in parts; these remember the rest, per topic.
    private readonly PendingBatch?[] _partial;
    private readonly int[] _partialOffset;
    private int _next;

    internal InProcessConsumer(InProcessTransport transport, string group, string[] topics)
    {
        if (topics.Length == 0)
        {
            throw new ArgumentException("at least one topic", nameof(topics));
        }

        _topics = topics;
        _channels = [.. topics.Select(t => transport.Topic(t).Group(group))];
        _partial = new PendingBatch?[topics.Length];
        _partialOffset = new int[topics.Length];
    }

    public IReadOnlyList<string> Topics => _topics;

    public async ValueTask<MessageBatch> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        var taken = TakeAvailable(maxMessages);
        if (taken.Count == 0 && maxWait > TimeSpan.Zero)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(maxWait);
            try
            {
                await WaitForAnyAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // maxWait elapsed with nothing to read.
            }

            taken = TakeAvailable(maxMessages);
        }

        if (taken.Count == 0)
        {
            return MessageBatch.Empty;
        }

        var messages = new List<TransportMessage>(taken.Sum(t => t.Count));
        foreach (var (pending, offset, count) in taken)
        {
            for (var i = 0; i < count; i++)
            {
                messages.Add(pending.Messages[offset + i]);
            }
        }

        return new MessageBatch(
            messages,
            onAck: _ =>
            {
                foreach (var (pending, _, count) in taken)
                {
                    pending.Acknowledge(count);
                }
            },
            onFail: (_, error) =>
            {
                foreach (var (pending, _, _) in taken)
                {
                    pending.Fail(error);
                }
            });
    }

    private List<(PendingBatch Pending, int Offset, int Count)> TakeAvailable(int maxMessages)
    {
        var taken = new List<(PendingBatch, int, int)>();
        var room = maxMessages;
        // Round-robin over topics so a busy topic cannot starve the others.
        for (var visited = 0; visited < _channels.Length && room > 0; visited++)
        {
            var t = (_next + visited) % _channels.Length;
            while (room > 0)
            {
                var pending = _partial[t];
                var offset = _partialOffset[t];
                if (pending is null)
                {
                    if (!_channels[t].Reader.TryRead(out pending))
                    {
                        break;
                    }

                    offset = 0;
                }

                var count = Math.Min(room, pending.Messages.Count - offset);
                taken.Add((pending, offset, count));
                room -= count;
                if (offset + count < pending.Messages.Count)
                {
                    _partial[t] = pending;
                    _partialOffset[t] = offset + count;
                }
                else
                {
                    _partial[t] = null;
                }
            }
        }

        _next = (_next + 1) % _channels.Length;
        return taken;
    }

    private async Task WaitForAnyAsync(CancellationToken cancellationToken)
    {
        if (_channels.Length == 1)
        {
            await _channels[0].Reader.WaitToReadAsync(cancellationToken);
            return;
        }

        // Cancel the losing waits so they do not pile up as waiters on idle channels.
        using var losers = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waits = new Task<bool>[_channels.Length];
        for (var i = 0; i < _channels.Length; i++)
        {
            waits[i] = _channels[i].Reader.WaitToReadAsync(losers.Token).AsTask();
        }

        await Task.WhenAny(waits);
        await losers.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    public ValueTask DisposeAsync()
    {
        // Parts of produce calls this consumer took but never handed out go back to nobody: fail them so their
        // producers retry instead of waiting forever.
        for (var t = 0; t < _partial.Length; t++)
        {
            _partial[t]?.Fail(new TransportException($"consumer of {_topics[t]} closed", isTransient: true));
            _partial[t] = null;
        }

        return ValueTask.CompletedTask;
    }
}
