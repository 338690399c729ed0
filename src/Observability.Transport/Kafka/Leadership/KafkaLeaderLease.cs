using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Leadership;

namespace Observability.Transport.Kafka.Leadership;

/// <summary>
/// A leader lease on a Kafka consumer group: every candidate joins group <c>obs-leader-&lt;name&gt;</c> on
/// <see cref="Topic"/>, and the member assigned partition 0 is the leader (one partition is enough; more are harmless,
/// since exactly one member owns partition 0). Nothing is produced to or committed on the topic.
/// <para>Hand-over: the group uses the eager protocol (librdkafka's default range/roundrobin assignors), so every
/// member gives up its partitions before the coordinator hands out new ones. The revocation callback ends the term and
/// waits (up to <see cref="HandOverTimeout"/>) until the holder released it, so the next leader is assigned partition
/// 0 only after this one stopped. A member that loses the coordinator past the session timeout gets its partitions
/// "lost" from librdkafka and stops the same way, while the group hands the lease on without it.</para>
/// </summary>
public sealed class KafkaLeaderLease : ILeaderLease
{
    /// <summary>The lease topic; create it with one partition (the mock and <c>docs/kafka.md</c> do).</summary>
    public const string Topic = "obs.leader";

    private readonly IConsumer<Ignore, Ignore> _consumer;
    private readonly ILogger _logger;
    private readonly Thread _poller;
    private readonly CancellationTokenSource _closing = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource<LeaderTerm> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LeaderTerm? _current;
    private long _terms;
    private long _assignments;
    private int _disposed;

    public KafkaLeaderLease(KafkaOptions options, string name, ILogger? logger = null, string topic = Topic)
    {
        options.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Group = $"obs-leader-{name}";
        _logger = logger ?? NullLogger.Instance;
        var config = KafkaClientConfig.ForConsumer(options, Group);
        config.EnableAutoCommit = false; // a lease, not a reader: no offsets
        config.ClientId = $"{options.ClientId}-leader-{name}";
        _consumer = new ConsumerBuilder<Ignore, Ignore>(config)
            .SetErrorHandler((_, error) => KafkaClientLog.OnError(_logger, error))
            .SetLogHandler((_, message) => KafkaClientLog.OnLog(_logger, message))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), "revoked"))
            .SetPartitionsLostHandler((_, partitions) => OnRevoked(partitions.Select(p => p.TopicPartition), "lost"))
            .Build();
        _consumer.Subscribe(topic);
        _poller = new Thread(Poll) { IsBackground = true, Name = $"obs-leader-{name}" };
        _poller.Start();
    }

    public string Name { get; }

    /// <summary>The consumer group the candidates for this lease join.</summary>
    public string Group { get; }

    /// <summary>How long a revocation waits for the holder to stop before it lets the group go on (below <c>max.poll.interval.ms</c>).</summary>
    public TimeSpan HandOverTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Assignments this member received from the group, as leader or standby: more than zero once it has joined, so a
    /// later candidate no longer makes the group hand the lease over again.
    /// </summary>
    public long Assignments => Interlocked.Read(ref _assignments);

    public bool IsLeader
    {
        get
        {
            lock (_gate)
            {
                return _current is not null;
            }
        }
    }

    public async Task<LeaderTerm> AcquireAsync(CancellationToken cancellationToken)
    {
        Task<LeaderTerm> next;
        lock (_gate)
        {
            next = _current is { Lost.IsCancellationRequested: false } current ? Task.FromResult(current) : _next.Task;
        }

        return await next.WaitAsync(cancellationToken);
    }

    private void Poll()
    {
        // Consume drives the group protocol (joins, rebalances and their callbacks); no message is expected.
        while (!_closing.IsCancellationRequested)
        {
            try
            {
                _consumer.Consume(TimeSpan.FromMilliseconds(200));
            }
            catch (ConsumeException error)
            {
                _logger.LogWarning("Leader lease {Lease}: consume error {KafkaErrorCode}: {KafkaReason}", Name, error.Error.Code, error.Error.Reason);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        Interlocked.Increment(ref _assignments);
        if (!partitions.Any(p => p.Partition.Value == 0))
        {
            _logger.LogInformation("Leader lease {Lease}: standing by ({Group} assigned {Partitions})", Name, Group, string.Join(", ", partitions));
            return;
        }

        lock (_gate)
        {
            _current = new LeaderTerm(Interlocked.Increment(ref _terms));
            _next.TrySetResult(_current);
            _next = new TaskCompletionSource<LeaderTerm>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        _logger.LogInformation("Leader lease {Lease}: this process is the leader (group {Group}, term {Term})", Name, Group, _terms);
    }

    private void OnRevoked(IEnumerable<TopicPartition> partitions, string how)
    {
        if (!partitions.Any(p => p.Partition.Value == 0))
        {
            return;
        }

        LeaderTerm? term;
        lock (_gate)
        {
            term = _current;
            _current = null;
        }

        if (term is null)
        {
            return;
        }

        _logger.LogInformation("Leader lease {Lease}: leadership {How} (term {Term}); stopping the singleton before handing over", Name, how, term.Number);
        term.End();
        // Blocks this member's rejoin, and so the group's next assignment, until the singleton stopped.
        if (!term.Released.Wait(HandOverTimeout))
        {
            _logger.LogError("Leader lease {Lease}: the singleton did not stop within {Timeout}; handing over anyway", Name, HandOverTimeout);
        }
    }

    /// <summary>Ends the current term, waits for its release, and leaves the group so another candidate takes over at once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _closing.Cancel();
        await Task.Run(() =>
        {
            _poller.Join();
            try
            {
                _consumer.Close(); // the revocation callback runs here: the term ends and is released first
            }
            catch (KafkaException error)
            {
                _logger.LogWarning("Leader lease {Lease} did not leave its group cleanly: {KafkaErrorCode}", Name, error.Error.Code);
            }
            finally
            {
                _consumer.Dispose();
            }
        });
        lock (_gate)
        {
            _current?.End();
            _next.TrySetCanceled();
        }

        _closing.Dispose();
    }
}
