using Observability.Training.Scheduling;
using Observability.Training.Simulation;

namespace Observability.Training.Tests.Simulation;

public sealed class SchedulerSimulationTests
{
    /// <summary>A 4-rank gang on 2 × 2 slots behind a steady stream of 1-rank jobs (20 min each, limit 30 min, one every 5 min for 5 hours).</summary>
    private static List<TraceJob> StarvingTrace()
    {
        var trace = new List<TraceJob>();
        for (var i = 0; i < 60; i++)
        {
            trace.Add(new TraceJob($"small-{i:D2}", TimeSpan.FromMinutes(5 * i), 1, 0, TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30)));
        }

        trace.Add(new TraceJob("gang", TimeSpan.FromMinutes(12), 4, 0, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(45)));
        return [.. trace.OrderBy(t => t.Arrival)];
    }

    [Fact]
    public void WithReservationTheGangStartsWithinOneSmallJobsTimeLimitWhileFifoFirstFitStarvesIt()
    {
        var trace = StarvingTrace();
        var backfill = new SchedulerSimulation(2, 2, QueuePolicy.Backfill).Run(trace);
        var fifo = new SchedulerSimulation(2, 2, QueuePolicy.FifoFirstFit).Run(trace);

        Assert.Equal(0, backfill.Unfinished);
        Assert.Equal(0, fifo.Unfinished);
        Assert.True(backfill.Waits["gang"] <= TimeSpan.FromMinutes(30), $"gang waited {backfill.Waits["gang"]} with reservation");
        Assert.True(fifo.Waits["gang"] >= TimeSpan.FromHours(4), $"gang waited only {fifo.Waits["gang"]} under FIFO first-fit");
    }

    [Fact]
    public void TheSameTraceGivesTheSameResult()
    {
        var trace = WorkloadTrace.Generate(120, 4, TimeSpan.FromSeconds(60), seed: 3);
        var a = new SchedulerSimulation(4, 4, QueuePolicy.Backfill).Run(trace);
        var b = new SchedulerSimulation(4, 4, QueuePolicy.Backfill).Run(trace);
        Assert.Equal(a.Waits.OrderBy(kv => kv.Key), b.Waits.OrderBy(kv => kv.Key));
        Assert.Equal(a.Utilisation, b.Utilisation);
        Assert.Equal(0, a.Unfinished);
        Assert.InRange(a.Utilisation, 0.01, 1.0);
    }
}
