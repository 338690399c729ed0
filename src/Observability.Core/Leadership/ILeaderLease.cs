namespace Observability.Core.Leadership;

/// <summary>
/// Who runs a singleton (the training scheduler, the report schedules) when several processes could: the holder of
/// the lease. In one process (<c>obs up</c> embedded) the lease is always held (<see cref="LocalLeaderLease"/>); on a
/// cluster it is a Kafka consumer group (<c>Observability.Transport.Kafka.Leadership.KafkaLeaderLease</c>).
/// A lease is handed on only after the previous holder released its <see cref="LeaderTerm"/>, so two holders never
/// act at once as long as each stops when <see cref="LeaderTerm.Lost"/> fires.
/// </summary>
public interface ILeaderLease : IAsyncDisposable
{
    /// <summary>The singleton the lease is for, e.g. <c>scheduler</c>.</summary>
    string Name { get; }

    /// <summary>Whether this process holds the lease now.</summary>
    bool IsLeader { get; }

    /// <summary>Waits until this process holds the lease. Dispose the term once the singleton's work has stopped.</summary>
    Task<LeaderTerm> AcquireAsync(CancellationToken cancellationToken);
}
