using System.Collections.Concurrent;
using System.Text.Json;
using Observability.Cli.Tests.Up;
using Observability.Cli.Up;
using Observability.Core.Transport;
using Observability.Reports.Scheduling;
using Observability.Testing;
using Observability.Testing.Http;
using Observability.Testing.Kafka;
using Observability.Training.Client;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Specs;

namespace Observability.Cli.Tests.Roles;

/// <summary>
/// Two <c>obs up --roles scheduler,reports</c> processes' worth of services on one Kafka cluster (librdkafka's mock, a
/// real wire-protocol broker): only the holder of each leader lease acts. Every job is placed once and every report
/// period is delivered once; when the leader goes, the other takes over, replays the scheduler's log and acts.
/// </summary>
[Collection(UpEndToEndCollection.Name)]
public sealed class UpRolesLeadershipTests : IClassFixture<MockKafkaCluster>, IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly MockKafkaCluster _kafka;
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-roles");
    private readonly HttpReceiver _reports = new();

    public UpRolesLeadershipTests(MockKafkaCluster kafka)
    {
        _kafka = kafka;
        UpKafkaTopics.Create(kafka);
    }

    [Fact]
    public async Task Two_scheduler_and_report_roles_place_each_job_once_and_send_each_report_once_and_the_survivor_takes_over()
    {
        await using var observer = new KafkaObserver(_kafka);
        using var heartbeats = new CancellationTokenSource();
        var worker = BeatAsWorkerAsync(observer, heartbeats.Token);

        var a = UpApplication.Create(Settings("a"));
        var b = UpApplication.Create(Settings("b"));
        await a.StartAsync(CancellationToken.None);
        await b.StartAsync(CancellationToken.None);
        UpApplication[] both = [a, b];

        // One scheduler and one report schedule act, whichever process holds each lease. Both candidates are in both
        // leases' groups first: a member that joins later makes the group hand a lease over again mid-test.
        await Poll.UntilAsync(
            () => both.All(UpLeases.AllJoined) && both.Count(up => Scheduler(up) is not null) == 1 && both.Count(up => Reporting(up)) == 1,
            Generous,
            "one leader per lease, both candidates joined");
        var first = Submit("roles-one");
        await Poll.UntilAsync(() => observer.Assigned.ContainsKey(first), Generous, "the first job placed");
        await Poll.UntilAsync(() => ReportEnds().Count >= 2, Generous, "two reports delivered");

        // The scheduler's leader goes; the other process takes both leases over and acts.
        var leader = both.Single(up => Scheduler(up) is not null);
        var survivor = leader == a ? b : a;
        var reportsBefore = ReportEnds().Count;
        await leader.DisposeAsync();
        await Poll.UntilAsync(() => Scheduler(survivor) is { Ready.IsCompletedSuccessfully: true } && Reporting(survivor), Generous, "the survivor leads both");
        Assert.True(Scheduler(survivor)!.Find(first)?.State.HoldsResources()); // replayed from train.events as placed: not placed again
        var second = Submit("roles-two");
        await Poll.UntilAsync(() => observer.Assigned.ContainsKey(second), Generous, "the second job placed by the new leader");
        await Poll.UntilAsync(() => ReportEnds().Count >= reportsBefore + 2, Generous, "reports delivered by the new leader");

        await survivor.DisposeAsync();
        await heartbeats.CancelAsync();
        await worker;

        await observer.ReceiveAsync(); // anything still on its way
        Assert.Equal(1, observer.Assigned[first]);
        Assert.Equal(1, observer.Assigned[second]);
        Assert.All(ReportEnds().GroupBy(e => e), g => Assert.Single(g));
    }

    private UpSettings Settings(string name, bool kafka = true)
    {
        var config = _dir.File($"obs-{name}.yml");
        File.WriteAllText(config, $"""
            training:
              local_worker: false
            reports:
              directory: ""
              catch_up_look_back: "00:00:00"
              webhook:
                url: "{_reports.Url}"
              schedules:
                - name: tick
                  cron: "0/2 * * * * ?"
                  period: "00:01:00"
            """);
        return new UpSettings
        {
            DataDirectory = _dir.File($"data-{name}"),
            ConfigFile = config,
            Kafka = kafka ? UpLeases.Options(_kafka, $"obs-roles-{name}") : null,
            Roles = ["scheduler,reports"],
            Metrics = false,
            PipelinesDirectory = string.Empty,
            Interactive = false,
            StatusInterval = TimeSpan.Zero,
            ConsoleLevel = Serilog.Events.LogEventLevel.Warning,
        };
    }

    private static TrainingScheduler? Scheduler(UpApplication up) => UpLeases.Gated(up).Select(g => g.Current).OfType<TrainingScheduler>().FirstOrDefault();

    private static bool Reporting(UpApplication up) => UpLeases.Gated(up).Any(g => g.Current is ReportLeaderTerm);

    /// <summary>The period end of every report the webhook received, one entry per delivery.</summary>
    private List<string> ReportEnds() => _reports.Bodies
        .Select(body => JsonDocument.Parse(body).RootElement.GetProperty("report").GetProperty("end").GetString()!)
        .ToList();

    private string Submit(string name)
    {
        var submission = JobSubmission.Create(new JobSpec
        {
            Name = name,
            Owner = "tests",
            Model = new ModelSpec { Type = "mlp", Hidden = 16, Layers = 1 },
            Dataset = new DatasetSpec { Type = "regression", Samples = 256, Features = 8 },
            Steps = 20,
            BatchSize = 32,
            WorldSize = 1,
        }, TimeProvider.System);
        using var producer = new ProducerScope(_kafka);
        producer.Produce(TrainJson.ToTransport(Topics.TrainJobs, submission.JobId, submission.Message));
        return submission.JobId;
    }

    /// <summary>
    /// A worker on the wire, as the scheduler sees one: heartbeats with room for the jobs, listing the ranks assigned to
    /// it as running (no rank process is started here, so the jobs stay placed and are never requeued as vanished).
    /// </summary>
    private async Task BeatAsWorkerAsync(KafkaObserver observer, CancellationToken cancellationToken)
    {
        await using var producer = new Transport.Kafka.KafkaMessageProducer(_kafka.CreateOptions("obs-roles-worker"));
        while (!cancellationToken.IsCancellationRequested)
        {
            await observer.ReceiveAsync();
            var beat = new TrainMessage { Type = TrainMessageTypes.Heartbeat, WorkerId = KafkaObserver.WorkerId, Slots = 8, Running = [.. observer.Running] };
            await producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainHeartbeats, KafkaObserver.WorkerId, beat)], CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _reports.DisposeAsync();
        _dir.Dispose();
    }

    /// <summary>Produces one message and waits for the broker's acknowledgement.</summary>
    private sealed class ProducerScope(MockKafkaCluster kafka) : IDisposable
    {
        private readonly Transport.Kafka.KafkaMessageProducer _producer = new(kafka.CreateOptions("obs-roles-submit"));

        public void Produce(TransportMessage message) => _producer.ProduceAsync([message], CancellationToken.None).GetAwaiter().GetResult();

        public void Dispose() => _producer.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Reads train.assignments in a consumer group of its own: the assignments per job, and the ranks assigned.</summary>
    private sealed class KafkaObserver(MockKafkaCluster kafka) : IAsyncDisposable
    {
        public const string WorkerId = "roles-worker";

        private readonly Transport.Kafka.KafkaMessageConsumer _consumer = new(kafka.CreateOptions("obs-roles-observer"), MockKafkaCluster.UniqueName("observer"), [Topics.TrainAssignments]);

        public ConcurrentDictionary<string, int> Assigned { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<RunningRank> Running { get; } = new();

        /// <summary>One receive (called by one task at a time).</summary>
        public async Task ReceiveAsync()
        {
            var batch = await _consumer.ReceiveAsync(100, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            foreach (var m in batch.Messages)
            {
                var message = TrainJson.Deserialize<TrainMessage>(m.Value.Span);
                if (message.Type == TrainMessageTypes.Assign && message.JobId is { } job && message.WorkerId == WorkerId)
                {
                    Assigned.AddOrUpdate(job, 1, (_, n) => n + 1);
                    foreach (var rank in message.Ranks ?? [])
                    {
                        Running.Enqueue(new RunningRank(job, message.Attempt, rank, 0));
                    }
                }
            }

            batch.Acknowledge();
        }

        public ValueTask DisposeAsync() => _consumer.DisposeAsync();
    }
}
