using Observability.Training.Scheduling;

namespace Observability.Training.Persistence;

/// <summary>
/// The scheduler's durable state: a log of job-record snapshots keyed by job id, of which the latest per job counts
/// (a compacted Kafka topic <c>train.events</c> in distributed mode, an append-only file in embedded mode).
/// </summary>
public interface IJobEventLog : IAsyncDisposable
{
    /// <summary>The latest snapshot of every job, replayed from the start of the log.</summary>
    Task<IReadOnlyList<JobRecord>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Appends snapshots; completes when they are durable.</summary>
    Task AppendAsync(IReadOnlyList<JobRecord> records, CancellationToken cancellationToken);
}
