using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Training.Client;
using Observability.Training.Persistence;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Tests.Integration;
using Observability.Transport.Kafka;

namespace Observability.Training.Tests.Kafka;

/// <summary>Distributed mode on a real Kafka wire protocol (librdkafka's mock cluster): train.* topics and the train.events log.</summary>
public sealed class KafkaSchedulerTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    private readonly SchedulerOptions _options = new() { TickInterval = TimeSpan.FromMilliseconds(100), HeartbeatTimeout = TimeSpan.FromSeconds(3) };

    [Fact]
    public async Task ASchedulerRestartOnKafkaLosesNoJobAndTheTraceContextTravelsInHeaders()
    {
        foreach (var topic in new[] { Topics.TrainJobs, Topics.TrainHeartbeats, Topics.TrainAssignments, Topics.TrainEvents })
        {
            kafka.CreateTopic(topic, partitions: 1);
        }

        await using var transport = new KafkaMessageTransport(kafka.CreateOptions());
        var first = JobSubmission.Create(TrainingCluster.TinySpec("kafka-one", worldSize: 1), TimeProvider.System);
        var second = JobSubmission.Create(TrainingCluster.TinySpec("kafka-two", worldSize: 1), TimeProvider.System);

        var a = await StartAsync(transport);
        await transport.CreateProducer().ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, first.JobId, first.Message)], CancellationToken.None);
        await PollAsync(() => a.Find(first.JobId) is not null);
        await a.StopAsync(CancellationToken.None);
        a.Dispose();

        // Submitted while no scheduler runs: it waits in train.jobs at the group's committed offset.
        await transport.CreateProducer().ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, second.JobId, second.Message)], CancellationToken.None);

        var b = await StartAsync(transport);
        Assert.Equal(JobState.Pending, b.Find(first.JobId)?.State); // replayed from train.events
        await PollAsync(() => b.Find(second.JobId) is not null);
        Assert.Equal(second.Message.TraceParent, b.Find(second.JobId)!.TraceParent);

        // A worker registers; the jobs are placed and the assignment carries the placement span's traceparent header.
        await using var assignments = transport.CreateConsumer(MockKafkaCluster.UniqueName("observer"), Topics.TrainAssignments);
        var beat = new TrainMessage { Type = TrainMessageTypes.Heartbeat, WorkerId = "w1", Slots = 2 };
        await transport.CreateProducer().ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, "w1", beat)], CancellationToken.None);
        await PollAsync(() => b.Find(first.JobId)!.State == JobState.Scheduled && b.Find(second.JobId)!.State == JobState.Scheduled);

        var assigned = new List<TransportMessage>();
        await PollAsync(async () =>
        {
            var batch = await assignments.ReceiveAsync(10, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            assigned.AddRange(batch.Messages);
            batch.Acknowledge();
            return assigned.Count >= 2;
        });
        var one = assigned.Select(m => (Message: TrainJson.Deserialize<TrainMessage>(m.Value.Span), Header: m.TraceParent)).Single(x => x.Message.JobId == first.JobId);
        Assert.NotNull(one.Header);
        Assert.Equal(first.Message.TraceParent!.Split('-')[1], one.Header!.Split('-')[1]); // same trace
        await b.StopAsync(CancellationToken.None);
        b.Dispose();
    }

    [Fact]
    public async Task ASchedulerStoppedBeforeItsLoopRanLeavesItsConsumerGroups()
    {
        // A leader term lost while the scheduler starts: StartAsync gets a cancelled token and the loop never runs.
        var jobs = MockKafkaCluster.UniqueName("leak-jobs");
        var beats = MockKafkaCluster.UniqueName("leak-beats");
        kafka.CreateTopic(jobs, partitions: 4);
        kafka.CreateTopic(beats, partitions: 4);
        var group = MockKafkaCluster.UniqueName("scheduler");
        await using var transport = new KafkaMessageTransport(kafka.CreateOptions());
        var stopped = new TrainingScheduler(_options, TransportJobEventLog.On(transport, MockKafkaCluster.UniqueName("leak")), transport.CreateConsumer(group, jobs),
            transport.CreateConsumer(group, beats), transport.CreateProducer(), TimeProvider.System, NullLogger<TrainingScheduler>.Instance);
        using (var lost = new CancellationTokenSource())
        {
            await lost.CancelAsync();
            await stopped.StartAsync(lost.Token);
        }

        await stopped.StopAsync(CancellationToken.None);
        stopped.Dispose();

        // The next scheduler's consumer in the same group gets every partition: nothing is held by the one that stopped.
        await using var next = transport.CreateConsumer(group, beats);
        var keys = Enumerable.Range(0, 40).Select(i => $"worker-{i}").ToList();
        await transport.CreateProducer().ProduceAsync(keys.Select(k => new TransportMessage(beats, k, "{}"u8.ToArray())).ToList(), CancellationToken.None);
        var received = new HashSet<string>(StringComparer.Ordinal);
        await PollAsync(async () =>
        {
            var batch = await next.ReceiveAsync(100, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            received.UnionWith(batch.Messages.Select(m => m.Key!));
            batch.Acknowledge();
            return received.Count == keys.Count;
        });
    }

    private async Task<TrainingScheduler> StartAsync(KafkaMessageTransport transport)
    {
        var s = new TrainingScheduler(_options, TransportJobEventLog.On(transport, "scheduler"), transport.CreateConsumer("scheduler", Topics.TrainJobs),
            transport.CreateConsumer("scheduler", Topics.TrainHeartbeats), transport.CreateProducer(), TimeProvider.System, NullLogger<TrainingScheduler>.Instance);
        await s.StartAsync(CancellationToken.None);
        await s.Ready.WaitAsync(TimeSpan.FromSeconds(60));
        return s;
    }

    private static Task PollAsync(Func<bool> condition) => PollAsync(() => Task.FromResult(condition()));

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("condition not met within 60 s");
    }
}
