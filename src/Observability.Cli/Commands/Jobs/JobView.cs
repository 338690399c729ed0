using System.Globalization;
using Observability.Cli.Commands.Tables;
using Observability.Training.Scheduling;
using Spectre.Console;

namespace Observability.Cli.Commands.Jobs;

/// <summary>Terminal views of training jobs: the list, the detail (timeline, ranks, stragglers) and a live progress bar.</summary>
internal static class JobView
{
    /// <summary>A rank whose compute time (step minus communication wait) exceeds the median rank's by this factor is a straggler.</summary>
    public const double StragglerFactor = 1.2;

    /// <summary>
    /// Newest first, fitted to <paramref name="width"/> (null: every value in full): the wait reason is cut first, then
    /// the submission time, owner and priority are left out (the id carries the submission time); the id is never cut.
    /// </summary>
    /// <returns>The headers of the columns left out to fit.</returns>
    public static IReadOnlyList<string> RenderList(IReadOnlyList<JobRecord> jobs, IAnsiConsole console, int? width)
    {
        var table = new FittedTable(
            new FittedColumn("JOB", ColumnFit.Keep),
            new FittedColumn("OWNER", HideOrder: 2),
            new FittedColumn("PRI", ColumnFit.Keep, HideOrder: 3),
            new FittedColumn("STATE", ColumnFit.FreeText),
            new FittedColumn("RANKS", ColumnFit.Keep),
            new FittedColumn("PROGRESS", ColumnFit.Keep),
            new FittedColumn("LOSS", ColumnFit.Keep),
            new FittedColumn("ATTEMPT", ColumnFit.Keep, HideOrder: 4),
            new FittedColumn("SUBMITTED", HideOrder: 1));
        foreach (var j in jobs.OrderByDescending(j => j.SubmittedAt))
        {
            var state = j.State == JobState.Pending && j.WaitReason is { } why ? $"{j.State.ToWire()} ({why})" : j.State.ToWire();
            table.AddRow(j.JobId, j.Spec.Owner, j.Spec.Priority.ToString(CultureInfo.InvariantCulture), new FittedCell(state, StateStyle(j.State)),
                j.Spec.WorldSize.ToString(CultureInfo.InvariantCulture), Progress(j), j.Loss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-",
                j.Attempt.ToString(CultureInfo.InvariantCulture), j.SubmittedAt.ToString("u", CultureInfo.InvariantCulture));
        }

        return table.Write(console, width);
    }

    public static void RenderDetail(JobRecord j)
    {
        AnsiConsole.MarkupLineInterpolated($"[bold]{j.JobId}[/]  {j.Spec.Name}  owner {j.Spec.Owner}  priority {j.Spec.Priority}  {j.Spec.Model.Type} × {j.Spec.WorldSize} ranks");
        AnsiConsole.MarkupLine($"state {Colour(j.State)}  progress {Progress(j)}  attempt {j.Attempt}  failures {j.Failures}  checkpoint step {j.CheckpointStep}" +
            (j.TraceParent is { } tp ? $"  trace.id {tp.Split('-')[1]}" : ""));
        if (j.Reason is { } reason)
        {
            AnsiConsole.MarkupLineInterpolated($"reason: {reason}");
        }

        if (j.State == JobState.Pending && j.WaitReason is { } wait)
        {
            AnsiConsole.MarkupLineInterpolated($"waiting: ({wait})");
        }

        var timeline = new Table().Title("timeline").AddColumns("AT", "+", "STATE", "ATTEMPT", "DETAIL");
        DateTimeOffset? previous = null;
        foreach (var h in j.History)
        {
            var delta = previous is { } p ? Seconds(h.At - p) : "";
            timeline.AddRow(h.At.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture), delta, Colour(h.State), h.Attempt.ToString(CultureInfo.InvariantCulture), Markup.Escape(h.Reason ?? ""));
            previous = h.At;
        }

        AnsiConsole.Write(timeline);
        var waits = QueueWaits(j).ToList();
        if (waits.Count > 0)
        {
            var placement = j.Placement.Count > 0 ? $"   placement: {string.Join(", ", j.Placement.Select(p => $"rank {p.Rank}→{p.WorkerId}"))}" : "";
            AnsiConsole.MarkupLine($"queue wait per attempt: {string.Join(", ", waits.Select(Seconds))}{Markup.Escape(placement)}");
        }

        RenderRanks(j);
    }

    private static void RenderRanks(JobRecord j)
    {
        var ranks = j.Ranks.Where(r => r.Attempt == j.Ranks.Max(x => x.Attempt)).OrderBy(r => r.Rank).ToList();
        if (ranks.Count == 0)
        {
            AnsiConsole.MarkupLine("[grey]no rank has finished an attempt yet (per-rank figures arrive when ranks exit)[/]");
            return;
        }

        var medianCompute = Median(ranks.Select(Compute).ToList());
        var table = new Table().Title($"ranks (attempt {ranks[0].Attempt}), mean ms per step").AddColumns(
            "RANK", "WORKER", "STEPS", "P50", "P95", "DATA", "FORWARD", "BACKWARD", "COMM", "OPTIM", "SAMPLES/S", "LOSS", "EXIT", "");
        foreach (var r in ranks)
        {
            var straggler = ranks.Count > 1 && medianCompute > 0 && Compute(r) > StragglerFactor * medianCompute;
            table.AddRow(r.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(r.WorkerId ?? "?"), r.Steps.ToString(CultureInfo.InvariantCulture),
                F(r.StepP50Ms), F(r.StepP95Ms), F(r.DataMs), F(r.ForwardMs), F(r.BackwardMs), F(r.CommunicationMs), F(r.OptimizerMs),
                r.SamplesPerSecond.ToString("F0", CultureInfo.InvariantCulture),
                $"{r.FirstLoss?.ToString("F4", CultureInfo.InvariantCulture)} → {r.LastLoss?.ToString("F4", CultureInfo.InvariantCulture)}",
                r.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-", straggler ? "[yellow]straggler[/]" : "");
        }

        AnsiConsole.Write(table);
        var p50 = Median(ranks.Select(r => r.StepP50Ms).ToList());
        var p95 = ranks.Max(r => r.StepP95Ms);
        AnsiConsole.MarkupLine($"step time p50 {F(p50)} ms, p95 {F(p95)} ms; throughput {ranks.Sum(r => r.SamplesPerSecond).ToString("F0", CultureInfo.InvariantCulture)} samples/s");
    }

    /// <summary>Time each rank spent working rather than waiting in the all-reduce for the others.</summary>
    private static double Compute(RankSummary r) => r.DataMs + r.ForwardMs + r.BackwardMs + r.OptimizerMs;

    public static IEnumerable<TimeSpan> QueueWaits(JobRecord j)
    {
        DateTimeOffset? queued = null;
        foreach (var h in j.History)
        {
            if (h.State == JobState.Pending)
            {
                queued ??= h.At;
            }
            else if (h.State == JobState.Scheduled && queued is { } q)
            {
                yield return h.At - q;
                queued = null;
            }
        }
    }

    public static async Task<int> FollowAsync(Func<JobRecord?> find, CancellationToken ct)
    {
        JobRecord? job = null;
        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var bar = ctx.AddTask("pending", maxValue: 1);
                while (!ct.IsCancellationRequested)
                {
                    job = find();
                    if (job is not null)
                    {
                        bar.MaxValue = Math.Max(1, job.TotalSteps);
                        bar.Value = Math.Min(job.Step, bar.MaxValue);
                        bar.Description = $"{job.State.ToWire()} step {job.Step}/{job.TotalSteps} loss {job.Loss?.ToString("F4", CultureInfo.InvariantCulture) ?? "-"}";
                        if (job.State.IsFinal())
                        {
                            break;
                        }
                    }

                    await Task.Delay(500, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            });
        if (job is not null)
        {
            RenderDetail(job);
        }

        return job?.State == JobState.Succeeded ? 0 : 1;
    }

    private static string Progress(JobRecord j) => j.TotalSteps > 0 ? $"{j.Step}/{j.TotalSteps}" : "-";

    private static string Colour(JobState s) => StateStyle(s) is { } style ? $"[{style}]{s.ToWire()}[/]" : s.ToWire();

    private static string? StateStyle(JobState s) => s switch
    {
        JobState.Succeeded => "green",
        JobState.Failed => "red",
        JobState.Cancelled => "grey",
        JobState.Running => "blue",
        JobState.Preempted or JobState.Interrupted => "yellow",
        _ => null,
    };

    private static string F(double v) => v.ToString("F2", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + "s";

    internal static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
