using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Training.Bus;
using Observability.Training.Client;
using Observability.Training.Protocol;

namespace Observability.Training.Tests.Integration;

public sealed class JobInboxTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "obs-inbox-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task SubmissionsAndCancellationsAreRelayedAndABadFileIsSetAsideWithItsReason()
    {
        var bus = new InProcessTrainingBus();
        var jobs = bus.CreateConsumer("scheduler", Topics.TrainJobs);
        var relay = new JobInboxRelay(_dir, bus.CreateProducer(), null, TimeProvider.System, NullLogger<JobInboxRelay>.Instance);
        var submission = JobSubmission.Create(TrainingCluster.TinySpec("inbox"), TimeProvider.System);
        JobInbox.Submit(_dir, submission);
        JobInbox.Cancel(_dir, submission.JobId);
        var inbox = JobInbox.Directory(_dir);
        await File.WriteAllTextAsync(Path.Combine(inbox, "junk.msg.json"), "{ not json");

        await relay.RelayOnceAsync(inbox, CancellationToken.None);

        var batch = await jobs.ReceiveAsync(10, TimeSpan.FromSeconds(1), CancellationToken.None);
        var messages = batch.Messages.Select(m => TrainJson.Deserialize<TrainMessage>(m.Value.Span)).ToList();
        Assert.Equal([TrainMessageTypes.Cancel, TrainMessageTypes.Submit], messages.Select(m => m.Type).Order());
        Assert.All(messages, m => Assert.Equal(submission.JobId, m.JobId));
        Assert.Equal(submission.Message.TraceParent, batch.Messages.Single(m => m.Value.Length > 200).TraceParent);
        Assert.Empty(Directory.GetFiles(inbox, "*.json"));
        Assert.True(File.Exists(Path.Combine(inbox, "rejected", "junk.msg.json.reason")));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }
}
