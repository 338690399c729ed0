using System.Diagnostics.Metrics;
using Observability.Training.Telemetry;

namespace Observability.Training.Scheduling;

/// <summary>
/// The scheduler's own metrics: queue length, running jobs, GPU allocation ratio (observed from the live state)
/// and queue wait (recorded at each placement).
/// </summary>
public sealed class SchedulerMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Histogram<double> _queueWait;

    public SchedulerMetrics(Func<SchedulerCore?> core)
    {
        _meter = new Meter(TrainingTelemetry.SchedulerMeterName, "1.0");
        _queueWait = _meter.CreateHistogram<double>("training.scheduler.queue_wait", "s", "Time from (re)queueing to placement");
        _meter.CreateObservableGauge("training.scheduler.queue_length", () => Count(core(), Scheduling.JobState.Pending), "{job}", "Jobs waiting");
        _meter.CreateObservableGauge("training.scheduler.running_jobs", () => RunningJobs(core()), "{job}", "Jobs placed or running");
        _meter.CreateObservableGauge("training.scheduler.gpu_allocation_ratio", () => GpuRatio(core()), "1", "Allocated GPUs / registered GPUs");
        _meter.CreateObservableGauge("training.scheduler.workers", () => core()?.Workers.Count ?? 0, "{worker}", "Live workers");
    }

    public void RecordQueueWait(TimeSpan wait, int priority) =>
        _queueWait.Record(wait.TotalSeconds, new KeyValuePair<string, object?>("training.job.priority", priority));

    public static int Count(SchedulerCore? core, JobState state) => core?.Jobs.Count(j => j.State == state) ?? 0;

    public static int RunningJobs(SchedulerCore? core) => core?.Jobs.Count(j => j.State.HoldsResources()) ?? 0;

    public static double GpuRatio(SchedulerCore? core)
    {
        if (core is null)
        {
            return 0;
        }

        var total = core.Workers.Sum(w => w.Gpus);
        var used = core.Jobs.Where(j => j.State.HoldsResources()).Sum(j => j.Placement.Count * j.Spec.GpusPerRank);
        return total == 0 ? 0 : Math.Min(1.0, (double)used / total);
    }

    public void Dispose() => _meter.Dispose();
}
