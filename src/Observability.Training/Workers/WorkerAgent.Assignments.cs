using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Fencing;
using Observability.Training.Protocol;

namespace Observability.Training.Workers;

/// <summary>The worker's orders: assignments start ranks (after fencing older attempts of the job), stop orders end them.</summary>
public sealed partial class WorkerAgent
{
    private async Task HandleAsync(TransportMessage transport, CancellationToken ct)
    {
        TrainMessage m;
        try
        {
            m = TrainJson.Deserialize<TrainMessage>(transport.Value.Span);
        }
        catch (System.Text.Json.JsonException e)
        {
            _logger.LogWarning("Worker {WorkerId} skipped a malformed assignment at {Position}: {Error}", WorkerId, transport.Position, e.Message);
            return;
        }

        if (!string.Equals(m.WorkerId, WorkerId, StringComparison.Ordinal) || m.JobId is null)
        {
            return;
        }

        if (m.Type == TrainMessageTypes.Assign && m.Spec is not null && m.Ranks is not null)
        {
            var ranks = m.Ranks.Where(rank => !_ranks.ContainsKey((m.JobId, m.Attempt, rank))).ToList(); // a redelivered assignment starts nothing twice
            if (ranks.Count == 0)
            {
                return;
            }

            if (_draining)
            {
                // Placed here before the scheduler heard that this worker drains: start nothing (the ranks would only be
                // killed at the end of the grace period); report each rank stopped by the shutdown, so the attempt is
                // requeued as an interruption, not counted as a failure.
                _logger.LogInformation("Worker {WorkerId} is shutting down: attempt {Attempt} of job {JobId} not started", WorkerId, m.Attempt, m.JobId);
                foreach (var rank in ranks)
                {
                    var exit = new TrainMessage
                    {
                        Type = TrainMessageTypes.RankReport, Kind = TrainMessageTypes.Exited, WorkerId = WorkerId, JobId = m.JobId, Attempt = m.Attempt, Rank = rank,
                        ExitCode = RankExitCodes.Stopped, Reason = $"worker {WorkerId} shutting down",
                    };
                    await _producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, WorkerId, exit)], CancellationToken.None);
                }

                return;
            }

            var jobDir = Path.GetFullPath(JobFiles.JobDirectory(_options.DataDirectory, m.JobId));
            foreach (var rank in ranks)
            {
                _starting[(m.JobId, m.Attempt, rank)] = 0;
            }

            try
            {
                await FenceAndStartAsync(m, ranks, jobDir, transport.TraceParent ?? m.TraceParent, ct);
            }
            finally
            {
                foreach (var rank in ranks)
                {
                    _starting.TryRemove((m.JobId, m.Attempt, rank), out _);
                }
            }
        }
        else if (m.Type == TrainMessageTypes.Stop)
        {
            foreach (var r in _ranks.Values.Where(r => r.JobId == m.JobId && r.Attempt == m.Attempt))
            {
                if (m.Reason == TrainMessageTypes.StopPreempt)
                {
                    r.RequestStop();
                    _ = KillAfterGraceAsync(r);
                }
                else
                {
                    r.Kill();
                }
            }
        }
    }

    private async Task FenceAndStartAsync(TrainMessage m, List<int> ranks, string jobDir, string? traceParent, CancellationToken ct)
    {
        if (await JobFence.FenceAsync(jobDir, m.Attempt, _options.Host, _options.FenceTimeout, _time, ct) is { } survivors)
        {
            _logger.LogError("Worker {WorkerId} did not start job {JobId} attempt {Attempt}: ranks of an older attempt still run: {Survivors}",
                WorkerId, m.JobId, m.Attempt, survivors);
            foreach (var rank in ranks)
            {
                await ReportAsync(new RankIdentity(m.JobId!, m.Attempt, rank), TrainMessageTypes.Exited, r =>
                    (r.ExitCode, r.Reason) = (RankExitCodes.FenceTimedOut, $"not started: ranks of an older attempt still run ({survivors})"));
            }

            return;
        }

        foreach (var rank in ranks)
        {
            await StartRankAsync(m, rank, jobDir, traceParent, ct);
        }
    }

    private async Task KillAfterGraceAsync(RankProcess r)
    {
        await Task.WhenAny(r.Exited, Task.Delay(_options.StopGracePeriod, _time));
        r.Kill();
    }

    private async Task StartRankAsync(TrainMessage m, int rank, string jobDir, string? traceParent, CancellationToken ct)
    {
        var key = (m.JobId!, m.Attempt, rank);
        Directory.CreateDirectory(jobDir);
        var config = new RankConfig
        {
            JobId = m.JobId!,
            Spec = m.Spec!,
            Attempt = m.Attempt,
            Rank = rank,
            WorldSize = m.WorldSize,
            JobDirectory = jobDir,
            Rendezvous = m.Rendezvous ?? $"attempt-{m.Attempt}",
            Host = _options.Host,
            WorkerId = WorkerId,
            Instrumentation = _options.Instrumentation,
            Threads = _options.RankThreads,
            ParentPid = Environment.ProcessId,
        };
        var configPath = Path.Combine(jobDir, $"rank-{rank}.attempt-{m.Attempt}.json");
        await File.WriteAllBytesAsync(configPath, TrainJson.Serialize(config), ct);
        var logPath = JobFiles.RankLog(jobDir, rank);
        var process = RankProcess.Start(_workerPath, configPath, traceParent, logPath, m.JobId!, m.Attempt, rank, OnLineAsync);
        process.WriteLog($"--- attempt {m.Attempt} rank {rank} on worker {WorkerId}");
        _ranks[key] = process;
        _logger.LogInformation("Worker {WorkerId} started rank {Rank} of job {JobId} attempt {Attempt}", WorkerId, rank, m.JobId, m.Attempt);
        _watches[key] = WatchAsync(key, process);
    }
}
