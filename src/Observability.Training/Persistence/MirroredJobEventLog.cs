using Observability.Training.Scheduling;

namespace Observability.Training.Persistence;

/// <summary>
/// The scheduler's log on a cluster: <paramref name="shared"/> (train.events, which every scheduler candidate replays
/// when it becomes leader) is the truth; every snapshot is also appended to <paramref name="local"/> (the file
/// <c>obs jobs</c> reads on this host) after the shared log confirmed it.
/// </summary>
public sealed class MirroredJobEventLog(IJobEventLog shared, IJobEventLog local) : IJobEventLog
{
    public async Task<IReadOnlyList<JobRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        await local.LoadAsync(cancellationToken); // its own bookkeeping (compaction); the shared log decides
        var records = await shared.LoadAsync(cancellationToken);
        await local.AppendAsync(records, cancellationToken); // what the previous leader placed, for obs jobs here
        return records;
    }

    public async Task AppendAsync(IReadOnlyList<JobRecord> records, CancellationToken cancellationToken)
    {
        await shared.AppendAsync(records, cancellationToken);
        await local.AppendAsync(records, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await shared.DisposeAsync();
        await local.DisposeAsync();
    }
}
