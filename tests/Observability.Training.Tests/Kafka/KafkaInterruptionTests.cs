using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Kafka;
using Observability.Training.Client;
using Observability.Training.Persistence;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Tests.Integration;
using Observability.Training.Workers;
using Observability.Transport.Kafka;

namespace Observability.Training.Tests.Kafka;

/// <summary>
/// Cluster mode behaves as embedded mode: on librdkafka's mock cluster, a worker shut down mid-job (its ranks
/// checkpoint and exit with "stopped on request") leaves the job interrupted and requeued, never succeeded, and
/// another worker resumes it from the checkpoint to its last step.
/// </summary>
public sealed class KafkaInterruptionTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>, IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("kafka-interrupt");

    [Fact]
    public async Task AWorkerShutdownOnKafkaInterruptsTheJobAndAnotherWorkerResumesItFromItsCheckpoint()
    {
        foreach (var topic in new[] { Topics.TrainJobs, Topics.TrainHeartbeats, Topics.TrainAssignments, Topics.TrainEvents })
        {
            kafka.CreateTopic(topic, partitions: 1);
        }

        await using var transport = new KafkaMessageTransport(kafka.CreateOptions());
        var options = new SchedulerOptions { TickInterval = TimeSpan.FromMilliseconds(100), HeartbeatTimeout = TimeSpan.FromSeconds(3) };
        using var scheduler = new TrainingScheduler(options, TransportJobEventLog.On(transport, "scheduler"), transport.CreateConsumer("scheduler", Topics.TrainJobs),
            transport.CreateConsumer("scheduler", Topics.TrainHeartbeats), transport.CreateProducer(), TimeProvider.System, NullLogger<TrainingScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);
        await scheduler.Ready.WaitAsync(TimeSpan.FromSeconds(60));

        var first = Worker(transport, "kafka-w1");
        await first.StartAsync(CancellationToken.None);
        var submission = JobSubmission.Create(TrainingCluster.TinySpec("kafka-interrupt", worldSize: 2, steps: 200, pacing: "30ms"), TimeProvider.System);
        await transport.CreateProducer().ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, submission.JobId, submission.Message)], CancellationToken.None);
        var id = submission.JobId;
        await Poll.UntilAsync(() => scheduler.Find(id) is { State: JobState.Running, CheckpointStep: >= 20 }, TimeSpan.FromMinutes(2), "running with a checkpoint");

        await first.StopAsync(CancellationToken.None);
        first.Dispose();
        await Poll.UntilAsync(() => scheduler.Find(id)?.History.Any(h => h.State == JobState.Interrupted) == true, TimeSpan.FromSeconds(60), "recorded as interrupted");
        var stopped = scheduler.Find(id)!;
        Assert.Equal(JobState.Pending, stopped.State);
        Assert.DoesNotContain(stopped.History, h => h.State == JobState.Succeeded);
        Assert.Contains("kafka-w1 shutting down", stopped.History.Single(h => h.State == JobState.Interrupted).Reason, StringComparison.Ordinal);
        var resumeFrom = stopped.CheckpointStep;
        Assert.True(resumeFrom > 0);

        var second = Worker(transport, "kafka-w2");
        await second.StartAsync(CancellationToken.None);
        await Poll.UntilAsync(() => scheduler.Find(id)?.State.IsFinal() == true, TimeSpan.FromMinutes(2), "finished on the second worker");
        var job = scheduler.Find(id)!;
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(200, job.Step);
        Assert.Equal(0, job.Failures);
        Assert.All(job.Placement, p => Assert.Equal("kafka-w2", p.WorkerId));
        var log = await File.ReadAllTextAsync(JobFiles.RankLog(JobFiles.JobDirectory(_dir.Path, id), 0));
        Assert.Contains($"from step {resumeFrom} to 200", log[log.LastIndexOf("--- attempt", StringComparison.Ordinal)..], StringComparison.Ordinal);

        await second.StopAsync(CancellationToken.None);
        second.Dispose();
        await scheduler.StopAsync(CancellationToken.None);
    }

    private WorkerAgent Worker(KafkaMessageTransport transport, string id) => new(
        new WorkerAgentOptions
        {
            WorkerId = id,
            Slots = 2,
            HeartbeatInterval = TimeSpan.FromMilliseconds(300),
            StopGracePeriod = TimeSpan.FromSeconds(20),
            DataDirectory = _dir.Path,
            WorkerPath = Path.Combine(AppContext.BaseDirectory, WorkerLocator.FileName),
        },
        transport.CreateConsumer("worker-" + id, Topics.TrainAssignments), transport.CreateProducer(), null, TimeProvider.System, NullLogger<WorkerAgent>.Instance);

    public void Dispose() => _dir.Dispose();
}
