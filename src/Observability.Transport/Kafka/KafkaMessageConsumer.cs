using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>
/// <see cref="IMessageConsumer"/> on a Kafka consumer group. Offsets are stored only by
/// <see cref="MessageBatch.Acknowledge"/> (<c>enable.auto.offset.store=false</c>) and the stored ones are
/// committed in the background and on close, so an unacknowledged message is delivered again after a
/// restart or rebalance. <see cref="MessageBatch.Fail"/> seeks back so the batch comes again at once.
/// One receive at a time; acknowledgements may come from any thread, in any order.
/// </summary>
public sealed class KafkaMessageConsumer : IMessageConsumer
{
    private static readonly TimeSpan MaxPollSlice = TimeSpan.FromMilliseconds(100);

    private readonly IConsumer<byte[]?, byte[]?> _consumer;
    private readonly OffsetTracker _tracker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private Task? _receiving;
    private int _disposed;
    private long _received;
    private long _acknowledged;
    private long _errors;
    private long _offsetResets;

    public KafkaMessageConsumer(KafkaOptions options, string groupId, IEnumerable<string> topics,
        ILogger<KafkaMessageConsumer>? logger = null, TimeProvider? timeProvider = null)
    {
        options.Validate();
        if (string.IsNullOrWhiteSpace(groupId))
        {
            throw new ArgumentException("A consumer group id is required", nameof(groupId));
        }

        var topicList = topics.ToList();
        if (topicList.Count == 0)
        {
            throw new ArgumentException("At least one topic is required", nameof(topics));
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        GroupId = groupId;
        _consumer = new ConsumerBuilder<byte[]?, byte[]?>(KafkaClientConfig.ForConsumer(options, groupId))
            .SetErrorHandler((_, error) => KafkaClientLog.OnError(_logger, error))
            .SetLogHandler((_, message) => OnClientLog(message))
            .SetPartitionsAssignedHandler((_, partitions) =>
                _logger.LogInformation("Kafka group {GroupId} assigned {Partitions}", GroupId, string.Join(", ", partitions)))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), "revoked"))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), "lost"))
            .Build();
        _tracker = new OffsetTracker(StoreOffset);
        _consumer.Subscribe(topicList);
        _logger.LogInformation("Kafka consumer {GroupId} subscribed to {Topics} with {Options}", groupId, topicList, options);
    }

    public string GroupId { get; }

    /// <summary>Messages handed out in batches.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Messages of acknowledged batches.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledged);

    /// <summary>Consume errors seen (logged and survived).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>
    /// Times a partition's position was gone from the brokers and reset (<c>auto.offset.reset</c>): messages were lost
    /// upstream of this consumer, e.g. retention shorter than its lag. Logged as an error each time.
    /// </summary>
    public long OffsetResets => Interlocked.Read(ref _offsetResets);

    /// <summary>The Confluent client, for diagnostics.</summary>
    public IClient Client => _consumer;

    public ValueTask<MessageBatch> ReceiveAsync(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessages, 1);
        if (_receiving is { IsCompleted: false })
        {
            throw new InvalidOperationException("KafkaMessageConsumer allows one ReceiveAsync at a time");
        }

        var receive = Task.Run(() => Receive(maxMessages, maxWait, cancellationToken), cancellationToken);
        _receiving = receive;
        return new ValueTask<MessageBatch>(receive);
    }

    /// <summary>Leaves the group after committing the acknowledged offsets.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_receiving is { } receiving)
        {
            await receiving.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        await Task.Run(() =>
        {
            try
            {
                _consumer.Close();
            }
            catch (KafkaException error)
            {
                _logger.LogWarning(error, "Kafka consumer {GroupId} did not close cleanly: {KafkaErrorCode}", GroupId, error.Error.Code);
            }
            finally
            {
                _consumer.Dispose();
            }
        });
    }

    private MessageBatch Receive(int maxMessages, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        var waitSeconds = Math.Clamp(maxWait.TotalSeconds, 0, TimeSpan.FromDays(1).TotalSeconds); // MaxValue must not overflow
        var deadline = _time.GetTimestamp() + (long)(waitSeconds * _time.TimestampFrequency);
        var received = new ReceivedMessages(Math.Min(maxMessages, 1024), _tracker);
        while (received.Count < maxMessages)
        {
            ApplyPendingSeeks();
            var wait = TimeSpan.Zero;
            if (received.Count == 0)
            {
                // Wait for the first message; after it, take only what is already fetched.
                if (cancellationToken.IsCancellationRequested)
                {
                    break;
                }

                wait = _time.GetElapsedTime(_time.GetTimestamp(), deadline);
                if (wait <= TimeSpan.Zero)
                {
                    break;
                }

                wait = wait < MaxPollSlice ? wait : MaxPollSlice;
            }

            ConsumeResult<byte[]?, byte[]?>? result;
            try
            {
                result = _consumer.Consume(wait);
            }
            catch (ConsumeException error)
            {
                OnConsumeError(error.Error, error);
                continue;
            }

            if (result is null)
            {
                if (received.Count > 0)
                {
                    break;
                }

                continue;
            }

            if (result.IsPartitionEOF || _tracker.HasPendingSeek(result.TopicPartition))
            {
                continue; // a failed batch's seek is pending: this message will come again after it
            }

            received.Add(result, ToTransportMessage(result));
        }

        var batch = received.Complete(OnAcknowledged, OnFailed);
        if (batch.Count == 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        Interlocked.Add(ref _received, batch.Count);
        return batch;
    }

    private static TransportMessage ToTransportMessage(ConsumeResult<byte[]?, byte[]?> result)
    {
        var message = result.Message;
        var key = message.Key is null ? null : Encoding.UTF8.GetString(message.Key);
        return new TransportMessage(result.Topic, key, message.Value ?? [], TraceHeaders.Read(message.Headers))
        {
            Position = $"{result.Topic}/{result.Partition.Value}@{result.Offset.Value}",
        };
    }

    private void ApplyPendingSeeks()
    {
        foreach (var seek in _tracker.PendingSeeks())
        {
            try
            {
                _consumer.Seek(seek);
                _tracker.SeekApplied(seek);
                _logger.LogInformation("Kafka consumer {GroupId} rewound {Partition} to {Offset} to redeliver a failed batch",
                    GroupId, seek.TopicPartition, seek.Offset.Value);
            }
            catch (KafkaException error)
            {
                // Left pending: the partition's messages are skipped until the seek succeeds, so none is passed over.
                _logger.LogWarning("Kafka consumer {GroupId} could not rewind {Partition} yet: {KafkaErrorCode}",
                    GroupId, seek.TopicPartition, error.Error.Code);
            }
        }
    }

    private void OnClientLog(LogMessage message)
    {
        if (KafkaClientLog.OnLog(_logger, message))
        {
            Interlocked.Increment(ref _offsetResets);
        }
    }

    private void OnConsumeError(Error error, Exception exception)
    {
        Interlocked.Increment(ref _errors);
        if (error.IsFatal)
        {
            throw KafkaErrorClassifier.ToTransportException($"Kafka consumer {GroupId} failed", error, exception);
        }

        _logger.LogWarning("Kafka consumer {GroupId} consume error {KafkaErrorCode}: {KafkaReason}", GroupId, error.Code, error.Reason);
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions, string how)
    {
        var list = partitions.ToList();
        _tracker.Revoke(list);
        _logger.LogInformation("Kafka group {GroupId} {How} {Partitions}; their unacknowledged messages will be redelivered",
            GroupId, how, string.Join(", ", list));
    }

    private void StoreOffset(TopicPartitionOffset offset)
    {
        try
        {
            _consumer.StoreOffset(offset);
        }
        catch (KafkaException error)
        {
            // The partition moved to another member meanwhile: it restarts from the last commit (duplicates, no loss).
            _logger.LogInformation("Kafka consumer {GroupId} could not store {Partition}@{Offset}: {KafkaErrorCode}",
                GroupId, offset.TopicPartition, offset.Offset.Value, error.Error.Code);
        }
    }

    private void OnAcknowledged(MessageBatch batch, IReadOnlyList<OffsetRange> ranges)
    {
        _tracker.Acknowledge(ranges);
        Interlocked.Add(ref _acknowledged, batch.Count);
    }

    private void OnFailed(MessageBatch batch, IReadOnlyList<OffsetRange> ranges, Exception error)
    {
        _tracker.Fail(ranges);
        _logger.LogWarning(error, "Kafka consumer {GroupId}: a batch of {Count} messages failed and will be redelivered", GroupId, batch.Count);
    }
}
