using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Cli.Commands.Jobs;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;
using Observability.Training.Hosting;
using Observability.Training.Persistence;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Workers;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// Training runs for the console: <c>GET /api/console/jobs</c> (the scheduler's jobs, as <c>obs jobs list --json</c>) and
/// <c>GET /api/console/jobs/{id}</c>: the scheduler's record, the per-rank loss and step-time series and mean phases from
/// the workers' step documents (<c>training.*</c> in the metrics stream), stragglers, and the tail of each rank's log.
/// </summary>
internal static class TrainingRunsApi
{
    public const string JobsPath = "/api/console/jobs";

    /// <summary>Step documents read for one run's charts (the newest ones when a run has more).</summary>
    private const int MaxSteps = 10_000;

    private const int LogLines = 200;

    private static readonly string[] Phases = ["data", "forward", "backward", "communication", "optimizer"];

    public static void Map(WebApplication app, ISearchStore search, string dataDirectory)
    {
        var train = Path.Combine(dataDirectory, "train");
        var eventLog = new TrainingOptions { DataDirectory = train }.EventLogPath;
        List<JobRecord> Jobs() => FileJobEventLog.ReadSnapshot(eventLog).Records;

        app.MapGet(JobsPath, () => Results.Text(JobJson.List(Jobs()), "application/json"));
        app.MapGet(JobsPath + "/{id}", (HttpContext http, string id) => ConsoleResults.Run(async () =>
        {
            // The id must name a job the scheduler knows: it then becomes a folder name and a quoted KQL phrase, nothing else.
            if (Jobs().FirstOrDefault(j => j.JobId == id) is not { } job)
            {
                return ConsoleResults.Error(StatusCodes.Status404NotFound, $"no job {id}");
            }

            var query = $"training.job.id:{KqlLiteral.Quote(job.JobId)}";
            var steps = await search.SearchAsync(new SearchRequest(query, Limit: MaxSteps, DataStreamType: "metrics", Sort: "-@timestamp"), http.RequestAborted);
            var answer = new JsonObject
            {
                ["job"] = JsonSerializer.SerializeToNode(job, TrainJson.Options),
                ["query"] = query,
                ["ranks"] = Ranks(steps.Hits),
                ["logs"] = Logs(JobFiles.JobDirectory(train, job.JobId), job.Spec.WorldSize),
            };
            return Results.Text(answer.ToJsonString(), "application/json");
        }));
    }

    /// <summary>Per rank: (step, loss, step ms) points oldest first, mean ms per phase, and whether it straggles (as <c>obs jobs show</c> decides).</summary>
    private static JsonArray Ranks(IReadOnlyList<Core.Documents.EcsDocument> hits)
    {
        var byRank = hits
            .Where(h => h.GetDouble("training.step") is not null && h.GetDouble("training.rank") is not null)
            .GroupBy(h => (int)h.GetDouble("training.rank")!.Value)
            .OrderBy(g => g.Key)
            .Select(g => (Rank: g.Key, Steps: g.OrderBy(h => h.GetDouble("training.step")).ToList()))
            .ToList();
        double Mean(List<Core.Documents.EcsDocument> s, string field) => s.Select(h => h.GetDouble(field)).OfType<double>().DefaultIfEmpty(0).Average();
        double Compute(List<Core.Documents.EcsDocument> s) => Mean(s, "training.step.duration_ms") - Mean(s, "training.phase.communication_ms");
        var median = JobView.Median([.. byRank.Select(r => Compute(r.Steps))]);

        var ranks = new JsonArray();
        foreach (var (rank, s) in byRank)
        {
            var phases = new JsonObject();
            foreach (var phase in Phases)
            {
                phases[phase] = Math.Round(Mean(s, $"training.phase.{phase}_ms"), 3);
            }

            var points = new JsonArray();
            foreach (var h in s)
            {
                points.Add(new JsonArray(h.GetDouble("training.step"), h.GetDouble("training.loss"), h.GetDouble("training.step.duration_ms")));
            }

            ranks.Add(new JsonObject
            {
                ["rank"] = rank,
                ["points"] = points,
                ["phases"] = phases,
                ["straggler"] = byRank.Count > 1 && median > 0 && Compute(s) > JobView.StragglerFactor * median,
            });
        }

        return ranks;
    }

    private static JsonObject Logs(string jobDirectory, int worldSize)
    {
        var logs = new JsonObject();
        for (var rank = 0; rank < worldSize; rank++)
        {
            var file = JobFiles.RankLog(jobDirectory, rank);
            if (File.Exists(file))
            {
                logs[rank.ToString(System.Globalization.CultureInfo.InvariantCulture)] = string.Join('\n', File.ReadLines(file).TakeLast(LogLines));
            }
        }

        return logs;
    }
}
