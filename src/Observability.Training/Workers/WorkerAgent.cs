using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Fencing;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Workers;

/// <summary>
/// A worker node: registers and heartbeats on <c>train.heartbeats</c>, takes its orders from
/// <c>train.assignments</c>, runs each assigned rank as an <c>obs-train-worker</c> process, relays the ranks'
/// progress and exits to the scheduler and their spans, metrics and logs to the telemetry sink.
/// </summary>
public sealed partial class WorkerAgent : BackgroundService
{
    private readonly WorkerAgentOptions _options;
    private readonly IMessageConsumer _assignments;
    private readonly IMessageProducer _producer;
    private readonly ITelemetrySink? _telemetry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string JobId, int Attempt, int Rank), RankProcess> _ranks = new();

    // Ranks assigned here and being started (fencing older attempts can take a while): the heartbeat lists them, so
    // the scheduler does not take a slow start for a rank that vanished.
    private readonly ConcurrentDictionary<(string JobId, int Attempt, int Rank), byte> _starting = new();
    private readonly ConcurrentDictionary<(string JobId, int Attempt, int Rank), Task> _watches = new();
    private readonly string _workerPath;
    private volatile bool _crashed;

    /// <summary>Set when a graceful shutdown begins: every heartbeat from then on says so, and no new rank is started.</summary>
    private volatile bool _draining;

    public WorkerAgent(WorkerAgentOptions options, IMessageConsumer assignments, IMessageProducer producer, ITelemetrySink? telemetry,
        TimeProvider time, ILogger<WorkerAgent> logger)
    {
        options.Validate();
        _options = options;
        _assignments = assignments;
        _producer = producer;
        _telemetry = telemetry;
        _time = time;
        _logger = logger;
        _workerPath = WorkerLocator.Locate(options.WorkerPath);
    }

    public string WorkerId => _options.WorkerId;

    /// <summary>Ranks running here now.</summary>
    public IReadOnlyList<RunningRank> Running =>
        [.. _ranks.Values.Select(r => new RunningRank(r.JobId, r.Attempt, r.Rank, r.Step)),
         .. _starting.Keys.Where(k => !_ranks.ContainsKey(k)).Select(k => new RunningRank(k.JobId, k.Attempt, k.Rank, 0))];

    /// <summary>Simulates a node failure: every rank process is killed and the node falls silent (no report, no heartbeat).</summary>
    public void Crash()
    {
        _crashed = true;
        foreach (var r in _ranks.Values)
        {
            r.Kill();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeats = HeartbeatLoopAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested && !_crashed)
        {
            try
            {
                var batch = await _assignments.ReceiveAsync(100, TimeSpan.FromMilliseconds(200), stoppingToken);
                foreach (var m in batch.Messages)
                {
                    await HandleAsync(m, stoppingToken);
                }

                batch.Acknowledge();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Worker {WorkerId} assignment loop failed; retrying", WorkerId);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await heartbeats.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // A graceful node shutdown: the scheduler hears first that this worker is draining (so it places nothing more
        // here), then the ranks are asked to checkpoint and stop (killed after the grace period), and each exit goes
        // out with its cause, so the scheduler records the jobs as interrupted and requeues them, never as succeeded.
        _draining = true; // the periodic heartbeat must not announce this worker as available again during the grace period
        if (!_crashed)
        {
            try
            {
                await _producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, WorkerId, Heartbeat(draining: true))], cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogWarning("Worker {WorkerId} could not announce its shutdown: {Error}", WorkerId, e.Message);
            }
        }

        foreach (var r in _ranks.Values)
        {
            r.StopCause = $"worker {WorkerId} shutting down";
            r.RequestStop();
        }

        var all = Task.WhenAll(_watches.Values);
        await Task.WhenAny(all, Task.Delay(_options.StopGracePeriod, _time, cancellationToken));
        foreach (var r in _ranks.Values)
        {
            r.Kill();
        }

        await Task.WhenAny(Task.WhenAll(_watches.Values), Task.Delay(TimeSpan.FromSeconds(2), _time, CancellationToken.None));
        await base.StopAsync(cancellationToken);
    }

    private async Task WatchAsync((string, int, int) key, RankProcess process)
    {
        var code = await process.Exited;
        process.WriteLog($"--- exited with code {code}");
        try
        {
            if (!_crashed)
            {
                _logger.LogInformation("Rank {Rank} of job {JobId} attempt {Attempt} exited with {ExitCode}", process.Rank, process.JobId, process.Attempt, code);

                // Reported before it leaves the heartbeat's list, so the scheduler never sees a rank vanish unreported.
                await ReportAsync(process, TrainMessageTypes.Exited, m =>
                {
                    m.ExitCode = code;
                    m.Summary = process.Summary;
                    m.CheckpointStep = process.CheckpointStep;
                    m.Reason = code switch
                    {
                        RankExitCodes.InvalidConfiguration => "invalid configuration (see the rank log)",
                        RankExitCodes.Stopped => process.StopCause,
                        RankExitCodes.Fenced => "fenced (see the rank log)",
                        _ => null,
                    };
                });
            }
        }
        finally
        {
            _ranks.TryRemove(key, out _);
            _watches.TryRemove(key, out _);
            process.Dispose();
        }
    }

    private async Task OnLineAsync(RankProcess p, RankLine line)
    {
        switch (line.Kind)
        {
            case RankLine.Started:
                await ReportAsync(p, TrainMessageTypes.Started);
                break;
            case RankLine.Progress:
                p.Step = line.Step;
                await ReportAsync(p, TrainMessageTypes.Progress, m => (m.Step, m.TotalSteps, m.Loss) = (line.Step, line.TotalSteps, line.Loss));
                break;
            case RankLine.Checkpoint:
                p.CheckpointStep = line.CheckpointStep;
                await ReportAsync(p, TrainMessageTypes.Checkpoint, m => (m.Step, m.CheckpointStep) = (line.Step, line.CheckpointStep));
                break;
            case RankLine.Summary:
                p.Summary = line.Result;
                break;
            case RankLine.Log:
                p.WriteLog($"{line.Level ?? "info"}: {line.Message}");
                await RelayDocumentAsync(line);
                break;
            case RankLine.Document:
                await RelayDocumentAsync(line);
                break;
        }
    }

    private async Task RelayDocumentAsync(RankLine line)
    {
        if (_telemetry is null || line.Doc is not { } doc || line.Topic is not (Topics.Traces or Topics.Metrics or Topics.Logs))
        {
            return;
        }

        var key = doc.TryGetProperty("trace", out var t) && t.TryGetProperty("id", out var id) ? id.GetString() : WorkerId;
        await _telemetry.WriteAsync(line.Topic, key, Encoding.UTF8.GetBytes(doc.GetRawText()), CancellationToken.None);
    }

    private Task ReportAsync(RankProcess p, string kind, Action<TrainMessage>? fill = null) =>
        ReportAsync(new RankIdentity(p.JobId, p.Attempt, p.Rank), kind, fill);

    private Task ReportAsync(RankIdentity p, string kind, Action<TrainMessage>? fill = null)
    {
        if (_crashed)
        {
            return Task.CompletedTask;
        }

        var m = new TrainMessage { Type = TrainMessageTypes.RankReport, Kind = kind, WorkerId = WorkerId, JobId = p.JobId, Attempt = p.Attempt, Rank = p.Rank };
        fill?.Invoke(m);
        return _producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, WorkerId, m)], CancellationToken.None);
    }

    private TrainMessage Heartbeat(bool draining) => new()
    {
        Type = TrainMessageTypes.Heartbeat,
        WorkerId = WorkerId,
        Host = _options.Host,
        Slots = _options.Slots,
        Gpus = _options.Gpus,
        Running = Running.ToList(),
        Draining = draining,
    };

    private async Task HeartbeatLoopAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && !_crashed)
        {
            try
            {
                var m = Heartbeat(draining: _draining);
                await _producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, WorkerId, m)], ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                _logger.LogWarning("Worker {WorkerId} heartbeat failed: {Error}", WorkerId, e.Message);
            }

            await Task.Delay(_options.HeartbeatInterval, _time, ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
