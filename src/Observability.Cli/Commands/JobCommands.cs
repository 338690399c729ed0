using System.CommandLine;
using Observability.Cli.Commands.Jobs;
using Observability.Cli.Commands.Tables;
using Observability.Core.Options;
using Observability.Training.Client;
using Observability.Training.Persistence;
using Observability.Training.Specs;
using Observability.Training.Workers;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary>
/// obs jobs: submit, list, show, logs, cancel. Embedded mode talks to the training services of a running
/// <c>obs up</c> through the data directory (job inbox in, event log and job directories out); <c>submit --local</c>
/// runs a scheduler and a worker inside this command instead, until the job ends.
/// </summary>
internal static class JobCommands
{
    public static IEnumerable<Command> Create()
    {
        var jobs = new Command("jobs", "Training jobs: submit, list, show, logs, cancel.");
        jobs.Subcommands.Add(Submit());
        jobs.Subcommands.Add(List());
        jobs.Subcommands.Add(Show());
        jobs.Subcommands.Add(Logs());
        jobs.Subcommands.Add(Cancel());
        return [jobs];
    }

    /// <summary>The same --data as obs up's; its <c>train/</c> folder holds the event log, the inbox and the job directories.</summary>
    private static Option<string> DataOption() => DataDirectoryOption.Create("Data directory of the obs up instance (jobs live in its train/ folder)");

    private static Option<bool> JsonOption() => new("--json") { Description = "Machine-readable JSON on stdout" };

    private static string TrainDirectory(ParseResult r, Option<string> data) => Path.Combine(r.GetValue(data)!, "train");

    private static Command Submit()
    {
        var spec = new Argument<FileInfo>("SPEC") { Description = "Job spec (YAML), e.g. examples/jobs/mlp-regression.yml" };
        var data = DataOption();
        var follow = new Option<bool>("--follow", "-f") { Description = "Show a live progress bar until the job ends" };
        var local = new Option<bool>("--local") { Description = "Run a scheduler and a local worker in this process (no obs up needed)" };
        var slots = new Option<int>("--slots") { Description = "Rank slots of the --local worker", DefaultValueFactory = _ => 2 };
        var cmd = new Command("submit", "Submit a training job.") { spec, data, follow, local, slots };
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            JobSpec jobSpec;
            try
            {
                jobSpec = JobSpecLoader.LoadFile(r.GetValue(spec)!.FullName);
            }
            catch (JobSpecException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]invalid spec:[/] {e.Message}");
                return 2;
            }

            var dataDir = TrainDirectory(r, data);
            var submission = JobSubmission.Create(jobSpec, TimeProvider.System);
            if (r.GetValue(local))
            {
                try
                {
                    return await LocalCluster.RunAsync(dataDir, submission, r.GetValue(slots), ct);
                }
                catch (ObsConfigException e)
                {
                    AnsiConsole.MarkupLineInterpolated($"[red]invalid configuration:[/] {e.Message}");
                    return 2;
                }
            }

            JobInbox.Submit(dataDir, submission);
            AnsiConsole.MarkupLineInterpolated($"submitted [bold]{submission.JobId}[/] (trace {submission.SubmitSpan["trace.id"]})");
            return r.GetValue(follow) ? await JobView.FollowAsync(() => Find(dataDir, submission.JobId), ct) : 0;
        });
        return cmd;
    }

    private static Command List()
    {
        var data = DataOption();
        var json = JsonOption();
        var wide = WideOption.Create();
        var cmd = new Command("list", "List jobs with their state, wait reason and progress.") { data, json, wide };
        cmd.SetAction((ParseResult r) =>
        {
            var (jobs, _, _) = FileJobEventLog.ReadSnapshot(EventLog(TrainDirectory(r, data)));
            if (r.GetValue(json))
            {
                Console.Out.WriteLine(JobJson.List(jobs));
                return 0;
            }

            var hidden = JobView.RenderList(jobs, AnsiConsole.Console, FittedTable.TerminalWidth(r.GetValue(wide)));
            WideOption.NoteHidden(hidden);
            return 0;
        });
        return cmd;
    }

    private static Command Show()
    {
        var id = new Argument<string>("ID") { Description = "Job id" };
        var data = DataOption();
        var json = JsonOption();
        var cmd = new Command("show", "Timeline, per-rank phase breakdown, step-time percentiles, throughput and stragglers of a job.") { id, data, json };
        cmd.SetAction((ParseResult r) =>
        {
            var job = Find(TrainDirectory(r, data), r.GetValue(id)!);
            if (job is null)
            {
                Console.Error.WriteLine($"no job {r.GetValue(id)}");
                return 1;
            }

            if (r.GetValue(json))
            {
                Console.Out.WriteLine(JobJson.Show(job));
                return 0;
            }

            JobView.RenderDetail(job);
            return 0;
        });
        return cmd;
    }

    private static Command Logs()
    {
        var id = new Argument<string>("ID") { Description = "Job id" };
        var data = DataOption();
        var rank = new Option<int?>("--rank") { Description = "Only this rank" };
        var cmd = new Command("logs", "Print the rank logs of a job.") { id, data, rank };
        cmd.SetAction((ParseResult r) =>
        {
            var jobId = r.GetValue(id)!;
            if (jobId.Contains('/', StringComparison.Ordinal) || jobId.Contains("..", StringComparison.Ordinal))
            {
                AnsiConsole.MarkupLine("[red]invalid job id[/]");
                return 2;
            }

            var dir = Path.Combine(JobFiles.JobDirectory(TrainDirectory(r, data), jobId), "logs");
            if (!Directory.Exists(dir))
            {
                AnsiConsole.MarkupLineInterpolated($"[red]no logs for {jobId}[/] (looked in {dir})");
                return 1;
            }

            foreach (var file in Directory.GetFiles(dir, "rank-*.log").Order(StringComparer.Ordinal))
            {
                if (r.GetValue(rank) is { } only && Path.GetFileName(file) != $"rank-{only}.log")
                {
                    continue;
                }

                AnsiConsole.MarkupLineInterpolated($"[bold]== {Path.GetFileName(file)}[/]");
                Console.Out.Write(File.ReadAllText(file));
            }

            return 0;
        });
        return cmd;
    }

    private static Command Cancel()
    {
        var id = new Argument<string>("ID") { Description = "Job id" };
        var data = DataOption();
        var cmd = new Command("cancel", "Cancel a job (running ranks are stopped).") { id, data };
        cmd.SetAction((ParseResult r) =>
        {
            var dataDir = TrainDirectory(r, data);
            var jobId = r.GetValue(id)!;
            if (Find(dataDir, jobId) is null)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]no job {jobId}[/]");
                return 1;
            }

            JobInbox.Cancel(dataDir, jobId);
            AnsiConsole.MarkupLineInterpolated($"cancellation of {jobId} requested");
            return 0;
        });
        return cmd;
    }

    private static string EventLog(string dataDir) => new Training.Hosting.TrainingOptions { DataDirectory = dataDir }.EventLogPath;

    private static Training.Scheduling.JobRecord? Find(string dataDir, string jobId) =>
        FileJobEventLog.ReadSnapshot(EventLog(dataDir)).Records.FirstOrDefault(j => j.JobId == jobId);
}
