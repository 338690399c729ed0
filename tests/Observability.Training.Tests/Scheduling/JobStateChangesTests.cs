using Observability.Training.Scheduling;

namespace Observability.Training.Tests.Scheduling;

/// <summary>What the scheduler logs after each flush: every state change once, not every write of a busy job.</summary>
public sealed class JobStateChangesTests
{
    private readonly SchedulerHarness _h = new();
    private readonly JobStateChanges _changes = new();
    private readonly List<string> _logged = [];

    /// <summary>As TrainingScheduler.FlushAsync: the dirty jobs of one loop pass, then their new transitions.</summary>
    private void Flush()
    {
        foreach (var job in _h.Core.TakeDirty())
        {
            _logged.AddRange(_changes.Take(job).Select(c => $"{job.JobId} {c.State} {c.Attempt}: {c.Reason}"));
        }
    }

    private void StartRunning(string id)
    {
        _h.Beat("w1", slots: 2);
        _h.Submit(id, SchedulerHarness.Spec(id, steps: 1000));
        _h.Tick();
        _h.Started(id);
        Flush();
    }

    [Fact]
    public void A_job_reporting_progress_every_second_is_logged_running_once()
    {
        StartRunning("job-a");
        for (var step = 1; step <= 30; step++)
        {
            _h.At(step);
            _h.Progress("job-a", step);
            _h.Beat("w1", slots: 2);
            Flush();
        }

        Assert.Equal(30, _h.Job("job-a").Step); // the job was written on every pass
        Assert.Single(_logged, l => l.StartsWith("job-a Running", StringComparison.Ordinal));
        Assert.Equal(_h.Job("job-a").History.Count, _logged.Count); // each transition once: pending, scheduled, running
    }

    [Fact]
    public void Transitions_between_two_flushes_are_each_logged_in_order()
    {
        _h.Beat("w1", slots: 2);
        _h.Submit("job-b", SchedulerHarness.Spec("job-b"));
        _h.Tick();
        _h.Started("job-b");
        Flush(); // pending, scheduled and running in one pass

        _h.At(5);
        _h.Exit("job-b", 0);
        Flush();
        Flush();

        var states = _logged.Select(l => l.Split(' ')[1]).ToList();
        Assert.Equal(["Pending", "Scheduled", "Running", "Succeeded"], states);
    }

    [Fact]
    public void Jobs_replayed_from_the_event_log_do_not_log_their_past_again()
    {
        StartRunning("job-c");
        var restarted = new JobStateChanges();
        restarted.Seen(_h.Core.Jobs);

        _h.At(3);
        _h.Progress("job-c", 3);
        var replayed = _h.Core.TakeDirty().SelectMany(restarted.Take).ToList();

        Assert.Empty(replayed);
    }
}
