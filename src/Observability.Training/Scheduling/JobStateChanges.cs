namespace Observability.Training.Scheduling;

/// <summary>
/// Which state changes of the jobs the scheduler persisted have not been logged yet. A job is persisted on every
/// progress report (each step of a running job), but its history grows only on a transition, so logging the new
/// history entries logs each state change once, however often the job is written.
/// </summary>
public sealed class JobStateChanges
{
    private readonly Dictionary<string, JobHistoryEntry> _lastLogged = new(StringComparer.Ordinal);

    /// <summary>Jobs replayed from the event log: their past transitions were logged by the process that made them.</summary>
    public void Seen(IEnumerable<JobRecord> jobs)
    {
        foreach (var job in jobs)
        {
            if (job.History.Count > 0)
            {
                _lastLogged[job.JobId] = job.History[^1];
            }
        }
    }

    /// <summary>The transitions of <paramref name="job"/> since the last call for it, oldest first; then they count as logged.</summary>
    public IReadOnlyList<JobHistoryEntry> Take(JobRecord job)
    {
        if (job.History.Count == 0)
        {
            return [];
        }

        var start = 0;
        if (_lastLogged.TryGetValue(job.JobId, out var last))
        {
            var index = job.History.LastIndexOf(last);
            // Not found: the entry was trimmed from a long history (JobRecord.MaxHistory); the newest one stands for the rest.
            start = index >= 0 ? index + 1 : job.History.Count - 1;
        }

        _lastLogged[job.JobId] = job.History[^1];
        return job.History.Count > start ? job.History.GetRange(start, job.History.Count - start) : [];
    }
}
