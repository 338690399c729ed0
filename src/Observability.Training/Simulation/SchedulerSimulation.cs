using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Training.Simulation;

/// <summary>
/// Runs a workload trace through the real <see cref="SchedulerCore"/> on simulated nodes and a simulated clock:
/// the nodes heartbeat, start the ranks they are assigned at once, report progress (the step-rate estimate backfill
/// uses) and report every rank's exit when the job's run time is up. Event-driven: the clock jumps to the next
/// arrival or job end (at most <see cref="MaxStep"/> at a time), so the result is deterministic and fast.
/// </summary>
public sealed class SchedulerSimulation(int nodes, int slotsPerNode, QueuePolicy policy)
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxStep = TimeSpan.FromMinutes(5);
    private const double StepSeconds = 1.0;

    public SimulationResult Run(IReadOnlyList<TraceJob> trace)
    {
        var clock = new SimulatedClock(Epoch);
        var options = new SchedulerOptions
        {
            TickInterval = TimeSpan.FromSeconds(1),
            HeartbeatTimeout = TimeSpan.FromDays(30), // simulated nodes never fail; time jumps must not look like silence
            Preemption = false, // both policies alike: the comparison is about the queue, not preemption
            Policy = policy,
            MaxJobs = Math.Max(10_000, trace.Count * 2),
        };
        var core = new SchedulerCore(options, clock.GetUtcNow(), seed: 1);
        var workers = Enumerable.Range(0, nodes).Select(i => $"node-{i:D3}").ToList();
        var running = new Dictionary<string, (DateTimeOffset Started, DateTimeOffset Ends, List<RankPlacement> Ranks, int Attempt)>(StringComparer.Ordinal);
        var byId = trace.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var firstStart = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var busySlotSeconds = 0.0;
        var next = 0;
        var lastEnd = Epoch;

        Beat(core, workers, slotsPerNode, running, clock.GetUtcNow());
        while (next < trace.Count || running.Count > 0 || core.Jobs.Any(j => j.State == JobState.Pending))
        {
            var now = clock.GetUtcNow();
            while (next < trace.Count && Epoch + trace[next].Arrival <= now)
            {
                var t = trace[next++];
                core.Handle(new TrainMessage { Type = TrainMessageTypes.Submit, JobId = t.Id, Spec = SpecOf(t) }, now);
            }

            foreach (var (id, run) in running.Where(r => r.Value.Ends <= now).ToList())
            {
                running.Remove(id);
                busySlotSeconds += (run.Ends - run.Started).TotalSeconds * run.Ranks.Count;
                lastEnd = run.Ends > lastEnd ? run.Ends : lastEnd;
                foreach (var p in run.Ranks)
                {
                    core.Handle(Report(id, run.Attempt, p, TrainMessageTypes.Exited, m => m.ExitCode = RankExitCodes.Completed), now);
                }
            }

            foreach (var (id, run) in running)
            {
                var step = (long)((now - run.Started).TotalSeconds / StepSeconds);
                core.Handle(Report(id, run.Attempt, run.Ranks[0], TrainMessageTypes.Progress, m => (m.Step, m.TotalSteps) = (step, byId[id].Duration.Ticks / TimeSpan.TicksPerSecond)), now);
            }

            Beat(core, workers, slotsPerNode, running, now);
            core.Tick(now);
            core.TakeDirty();
            foreach (var message in core.TakeOutbox().Select(m => TrainJson.Deserialize<TrainMessage>(m.Value.Span)).Where(m => m.Type == TrainMessageTypes.Assign))
            {
                var id = message.JobId!;
                var job = core.Find(id)!;
                if (!running.ContainsKey(id))
                {
                    running[id] = (now, now + byId[id].Duration, job.Placement.ToList(), job.Attempt);
                    firstStart.TryAdd(id, now);
                    foreach (var p in job.Placement)
                    {
                        core.Handle(Report(id, job.Attempt, p, TrainMessageTypes.Started, m => m.TotalSteps = byId[id].Duration.Ticks / TimeSpan.TicksPerSecond), now);
                    }
                }
            }

            var upcoming = new List<DateTimeOffset> { now + MaxStep };
            if (next < trace.Count)
            {
                upcoming.Add(Epoch + trace[next].Arrival);
            }

            upcoming.AddRange(running.Values.Select(r => r.Ends));
            var step2 = upcoming.Min();
            clock.AdvanceTo(step2 > now ? step2 : now + TimeSpan.FromSeconds(1));
            if (next >= trace.Count && running.Count == 0 && core.Jobs.All(j => j.State != JobState.Pending || j.WaitReason == WaitReasons.TooLarge))
            {
                break;
            }
        }

        var waits = firstStart.ToDictionary(kv => kv.Key, kv => kv.Value - (Epoch + byId[kv.Key].Arrival), StringComparer.Ordinal);
        var makespan = lastEnd - Epoch;
        var utilisation = makespan > TimeSpan.Zero ? busySlotSeconds / (makespan.TotalSeconds * nodes * slotsPerNode) : 0;
        return new SimulationResult(policy.ToString(), waits, utilisation, makespan, trace.Count - firstStart.Count);
    }

    private static JobSpec SpecOf(TraceJob t) => new()
    {
        Name = t.Id,
        Owner = "trace",
        Steps = (int)Math.Max(1, t.Duration.TotalSeconds / StepSeconds),
        WorldSize = t.WorldSize,
        BatchSize = Math.Max(8, t.WorldSize),
        Priority = t.Priority,
        Timeout = $"{(long)Math.Ceiling(t.Timeout.TotalMinutes)}m",
    };

    private static void Beat(SchedulerCore core, List<string> workers, int slots,
        Dictionary<string, (DateTimeOffset Started, DateTimeOffset Ends, List<RankPlacement> Ranks, int Attempt)> running, DateTimeOffset now)
    {
        foreach (var w in workers)
        {
            var ranks = running.SelectMany(r => r.Value.Ranks.Where(p => p.WorkerId == w).Select(p => new RunningRank(r.Key, r.Value.Attempt, p.Rank, 0))).ToList();
            core.Handle(new TrainMessage { Type = TrainMessageTypes.Heartbeat, WorkerId = w, Slots = slots, Running = ranks }, now);
        }
    }

    private static TrainMessage Report(string jobId, int attempt, RankPlacement p, string kind, Action<TrainMessage> fill)
    {
        var m = new TrainMessage { Type = TrainMessageTypes.RankReport, Kind = kind, JobId = jobId, Attempt = attempt, Rank = p.Rank, WorkerId = p.WorkerId };
        fill(m);
        return m;
    }
}
