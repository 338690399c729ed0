using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Workers;

/// <summary>
/// Runs one rank process to completion outside the scheduler (benchmarks, diagnostics), reading its line protocol the
/// way a worker does. Returns its exit code, its summary and how many telemetry documents it emitted.
/// </summary>
public static class RankRunner
{
    public sealed record Result(int ExitCode, RankSummary? Summary, int Documents, string LogPath);

    public static async Task<Result> RunAsync(string workerPath, RankConfig config, string? traceParent, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(config.JobDirectory);
        var configPath = Path.Combine(config.JobDirectory, $"rank-{config.Rank}.attempt-{config.Attempt}.json");
        await File.WriteAllBytesAsync(configPath, TrainJson.Serialize(config), cancellationToken);
        var logPath = JobFiles.RankLog(config.JobDirectory, config.Rank);
        var documents = 0;
        using var process = RankProcess.Start(workerPath, configPath, traceParent, logPath, config.JobId, config.Attempt, config.Rank, (p, line) =>
        {
            switch (line.Kind)
            {
                case RankLine.Summary:
                    p.Summary = line.Result;
                    break;
                case RankLine.Document:
                    documents++;
                    break;
                case RankLine.Log:
                    documents += line.Doc is null ? 0 : 1;
                    p.WriteLog($"{line.Level}: {line.Message}");
                    break;
            }

            return Task.CompletedTask;
        });
        await using var registration = cancellationToken.Register(process.Kill);
        var code = await process.Exited;
        return new Result(code, process.Summary, documents, logPath);
    }
}
