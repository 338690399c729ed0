using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Persistence;
using Observability.Training.Protocol;

namespace Observability.Training.Scheduling;

/// <summary>
/// The scheduler service: replays its event log, then consumes <c>train.jobs</c> and <c>train.heartbeats</c>, drives
/// <see cref="SchedulerCore"/>, persists every changed job before it sends the resulting <c>train.assignments</c>, and
/// acknowledges input only after that. A bad message is counted, logged and skipped; it never stops the service.
/// It owns its two consumers and closes them when it stops, also when it is stopped before its loop ever ran (a leader
/// term lost during start): a consumer left open stays in the <c>scheduler</c> group and keeps partitions that the next
/// leader's scheduler then never reads.
/// </summary>
public sealed class TrainingScheduler : BackgroundService
{
    private readonly SchedulerOptions _options;
    private readonly IJobEventLog _log;
    private readonly IMessageConsumer _jobs;
    private readonly IMessageConsumer _heartbeats;
    private readonly IMessageProducer _producer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly JobStateChanges _stateChanges = new();
    private SchedulerCore? _core;
    private SchedulerMetrics? _metrics;
    private long _rejected;

    public TrainingScheduler(SchedulerOptions options, IJobEventLog log, IMessageConsumer jobs, IMessageConsumer heartbeats,
        IMessageProducer producer, TimeProvider time, ILogger<TrainingScheduler> logger)
    {
        options.Validate();
        _options = options;
        _log = log;
        _jobs = jobs;
        _heartbeats = heartbeats;
        _producer = producer;
        _time = time;
        _logger = logger;
    }

    /// <summary>Completes once the event log has been replayed.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Messages that could not be handled (malformed, invalid spec).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Copies of the current job records (safe to read from any thread).</summary>
    public IReadOnlyList<JobRecord> Jobs
    {
        get
        {
            lock (_gate)
            {
                return _core is null ? [] : _core.Jobs.Select(Clone).ToList();
            }
        }
    }

    public JobRecord? Find(string jobId)
    {
        lock (_gate)
        {
            return _core?.Find(jobId) is { } j ? Clone(j) : null;
        }
    }

    public IReadOnlyList<WorkerInfo> Workers
    {
        get
        {
            lock (_gate)
            {
                return _core?.Workers.ToList() ?? [];
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        IReadOnlyList<JobRecord> restored;
        try
        {
            restored = await _log.LoadAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // stopped while replaying (e.g. leadership lost at once): StopAsync leaves the groups
        }

        _stateChanges.Seen(restored); // before the core moves any of them on (e.g. a running job whose worker is gone)
        lock (_gate)
        {
            _core = new SchedulerCore(_options, _time.GetUtcNow(), restored);
            _metrics = new SchedulerMetrics(() => _core);
            _core.Metrics = _metrics;
        }

        _logger.LogInformation("Scheduler replayed {Jobs} jobs from its event log", restored.Count);
        _ready.TrySetResult();
        var nextTick = _time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var jobs = await _jobs.ReceiveAsync(100, TimeSpan.FromMilliseconds(5), stoppingToken);
                var beats = await _heartbeats.ReceiveAsync(1000, _options.TickInterval / 4, stoppingToken);
                var now = _time.GetUtcNow();
                lock (_gate)
                {
                    Apply(jobs, now);
                    Apply(beats, now);
                    if (now >= nextTick)
                    {
                        _core.Tick(now);
                        nextTick = now + _options.TickInterval;
                    }
                }

                await FlushAsync(stoppingToken);
                jobs.Acknowledge();
                beats.Acknowledge();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The transport or the log failed: nothing was acknowledged, so the input comes again.
                _logger.LogError(e, "Scheduler loop failed; retrying");
                await Task.Delay(_options.TickInterval, _time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }

        await DrainAsync();
    }

    /// <summary>
    /// One last pass over the reports already sent when the host stops (the local worker stops first and reports its
    /// ranks' exits with their cause), so a clean shutdown records its jobs as interrupted rather than leaving them for
    /// the next start to find vanished. No tick: nothing is placed while stopping.
    /// </summary>
    private async Task DrainAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            var beats = await _heartbeats.ReceiveAsync(1000, TimeSpan.FromMilliseconds(200), limit.Token);
            lock (_gate)
            {
                Apply(beats, _time.GetUtcNow());
            }

            await FlushAsync(limit.Token);
            beats.Acknowledge();
        }
        catch (Exception e)
        {
            _logger.LogWarning("Scheduler could not drain the last reports at shutdown (they are redelivered or found at the next start): {Error}", e.Message);
        }
    }

    private void Apply(MessageBatch batch, DateTimeOffset now)
    {
        foreach (var m in batch.Messages)
        {
            try
            {
                var message = TrainJson.Deserialize<TrainMessage>(m.Value.Span);
                message.TraceParent ??= m.TraceParent;
                _core!.Handle(message, now);
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException or Specs.JobSpecException)
            {
                Interlocked.Increment(ref _rejected);
                _logger.LogWarning("Rejected a {Topic} message at {Position}: {Error}", m.Topic, m.Position, e.Message);
            }
        }
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        List<JobRecord> dirty;
        List<TransportMessage> outbox;
        lock (_gate)
        {
            dirty = _core!.TakeDirty().Select(Clone).ToList();
            outbox = _core.TakeOutbox();
        }

        await _log.AppendAsync(dirty, ct);
        foreach (var job in dirty)
        {
            foreach (var change in _stateChanges.Take(job))
            {
                _logger.LogInformation("Job {JobId} is {State} (attempt {Attempt}): {Reason}", job.JobId, change.State.ToWire(), change.Attempt, change.Reason);
            }
        }

        if (outbox.Count > 0)
        {
            await _producer.ProduceAsync(outbox, ct);
        }
    }

    private static JobRecord Clone(JobRecord r) => TrainJson.Deserialize<JobRecord>(TrainJson.Serialize(r));

    /// <summary>
    /// Stops the loop, then leaves both consumer groups, whether or not the loop ever ran: whatever was received but not
    /// acknowledged goes to the next scheduler.
    /// </summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await _jobs.DisposeAsync();
        await _heartbeats.DisposeAsync();
    }

    public override void Dispose()
    {
        _metrics?.Dispose();
        base.Dispose();
    }
}
