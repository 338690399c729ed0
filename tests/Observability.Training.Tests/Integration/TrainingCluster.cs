using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Training.Bus;
using Observability.Training.Client;
using Observability.Training.Hosting;
using Observability.Training.Persistence;
using Observability.Training.Scheduling;
using Observability.Training.Specs;
using Observability.Training.Telemetry;
using Observability.Training.Workers;

namespace Observability.Training.Tests.Integration;

/// <summary>
/// A real training cluster in one test: the scheduler service with its event-log file, worker agents that start real
/// obs-train-worker processes (TorchSharp), the in-process train.* bus, and the telemetry sink feeding obs.traces.
/// </summary>
internal sealed class TrainingCluster : IAsyncDisposable
{
    private readonly List<WorkerAgent> _workers = [];
    private readonly CancellationTokenSource _stop = new();
    private TrainingScheduler? _scheduler;

    public TrainingCluster()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "obs-train-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        Traces = Bus.CreateConsumer("test", Topics.Traces);
        Metrics = Bus.CreateConsumer("test", Topics.Metrics);
        Sink = new TransportTelemetrySink(Bus.CreateProducer());
        Telemetry = new TrainingTelemetryHost(Sink, new TrainingOptions(), TimeProvider.System);
        Telemetry.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public InProcessTrainingBus Bus { get; } = new();
    public string DataDirectory { get; }
    public IMessageConsumer Traces { get; }
    public IMessageConsumer Metrics { get; }
    public TransportTelemetrySink Sink { get; }
    public TrainingTelemetryHost Telemetry { get; }
    public TrainingScheduler Scheduler => _scheduler ?? throw new InvalidOperationException("scheduler not started");
    public string EventLogPath => Path.Combine(DataDirectory, "scheduler", "events.jsonl");

    public SchedulerOptions SchedulerOptions { get; } = new()
    {
        TickInterval = TimeSpan.FromMilliseconds(100),
        HeartbeatTimeout = TimeSpan.FromSeconds(2),
        RetryBackoff = TimeSpan.FromMilliseconds(200),
    };

    public async Task<TrainingScheduler> StartSchedulerAsync()
    {
        _scheduler = new TrainingScheduler(SchedulerOptions, new FileJobEventLog(EventLogPath),
            Bus.CreateConsumer("scheduler", Topics.TrainJobs), Bus.CreateConsumer("scheduler", Topics.TrainHeartbeats),
            Bus.CreateProducer(), TimeProvider.System, NullLogger<TrainingScheduler>.Instance);
        await _scheduler.StartAsync(_stop.Token);
        await _scheduler.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return _scheduler;
    }

    public async Task StopSchedulerAsync()
    {
        await Scheduler.StopAsync(CancellationToken.None);
        Scheduler.Dispose();
        _scheduler = null;
    }

    public async Task<WorkerAgent> StartWorkerAsync(string id, int slots)
    {
        var options = new WorkerAgentOptions
        {
            WorkerId = id,
            Slots = slots,
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            StopGracePeriod = TimeSpan.FromSeconds(20),
            DataDirectory = DataDirectory,
            WorkerPath = Path.Combine(AppContext.BaseDirectory, WorkerLocator.FileName),
        };
        var worker = new WorkerAgent(options, Bus.CreateConsumer("worker-" + id, Topics.TrainAssignments), Bus.CreateProducer(), Sink,
            TimeProvider.System, NullLogger<WorkerAgent>.Instance);
        await worker.StartAsync(_stop.Token);
        _workers.Add(worker);
        return worker;
    }

    public async Task<string> SubmitAsync(JobSpec spec)
    {
        var submission = JobSubmission.Create(spec, TimeProvider.System, "test");
        await Sink.WriteAsync(Topics.Traces, submission.JobId, Core.Json.EcsJson.ToUtf8(submission.SubmitSpan), CancellationToken.None);
        await Bus.CreateProducer().ProduceAsync([Protocol.TrainJson.ToTransport(Topics.TrainJobs, submission.JobId, submission.Message)], CancellationToken.None);
        return submission.JobId;
    }

    public Task CancelAsync(string jobId) =>
        Bus.CreateProducer().ProduceAsync(
            [Protocol.TrainJson.ToTransport(Topics.TrainJobs, jobId, new Protocol.TrainMessage { Type = Protocol.TrainMessageTypes.Cancel, JobId = jobId })],
            CancellationToken.None);

    /// <summary>Polls the scheduler until the job satisfies <paramref name="condition"/>.</summary>
    public async Task<JobRecord> WaitForAsync(string jobId, Func<JobRecord, bool> condition, int timeoutSeconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        JobRecord? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = _scheduler?.Find(jobId);
            if (last is not null && condition(last))
            {
                return last;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"job {jobId} did not reach the expected state; last: {last?.State} {last?.Reason} " +
            string.Join(" | ", last?.History.Select(h => $"{h.State}:{h.Reason}") ?? []) + "\n" + RankLogs(jobId));
    }

    public string RankLogs(string jobId)
    {
        var dir = Path.Combine(JobFiles.JobDirectory(DataDirectory, jobId), "logs");
        return Directory.Exists(dir) ? string.Join("\n", Directory.GetFiles(dir).Select(f => f + ":\n" + File.ReadAllText(f))) : "(no rank logs)";
    }

    public static JobSpec TinySpec(string name, int worldSize = 2, int steps = 60, string? pacing = null, int priority = 0) => new()
    {
        Name = name,
        Owner = "tests",
        Model = new ModelSpec { Type = "mlp", Hidden = 16, Layers = 2 },
        Dataset = new DatasetSpec { Type = "regression", Samples = 256, Features = 8 },
        Steps = steps,
        BatchSize = 32,
        LearningRate = 0.01,
        Optimizer = "adam",
        WorldSize = worldSize,
        CheckpointEvery = 10,
        TraceEverySteps = 10,
        StepPacing = pacing,
        Priority = priority,
        MaxRetries = 1,
    };

    public async ValueTask DisposeAsync()
    {
        foreach (var w in _workers)
        {
            w.Crash();
        }

        await _stop.CancelAsync();
        if (_scheduler is not null)
        {
            await _scheduler.StopAsync(CancellationToken.None);
            _scheduler.Dispose();
        }

        Telemetry.Dispose();
        await Sink.DisposeAsync();
        _stop.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // a rank process still closing a file: the temp directory is left behind
        }
    }
}
