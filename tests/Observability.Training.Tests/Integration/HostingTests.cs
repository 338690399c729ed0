using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Bus;
using Observability.Training.Client;
using Observability.Training.Hosting;
using Observability.Training.Persistence;
using Observability.Training.Scheduling;

namespace Observability.Training.Tests.Integration;

[Collection(TrainingClusterCollection.Name)]
public sealed class HostingTests
{
    [Fact]
    public async Task AddTrainingHostsTheSchedulerAWorkerAndTheInboxThatObsJobsSubmitWritesTo()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "obs-train-host-" + Guid.NewGuid().ToString("N"));
        var bus = new InProcessTrainingBus();
        var traces = bus.CreateConsumer("indexer", Topics.Traces);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddTraining(o =>
        {
            o.DataDirectory = dataDir;
            o.Worker.WorkerId = "local";
            o.Worker.Slots = 2;
            o.Worker.HeartbeatInterval = TimeSpan.FromMilliseconds(300);
            o.Scheduler.TickInterval = TimeSpan.FromMilliseconds(100);
        }, bus);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            // What `obs jobs submit` does against a running `obs up`: drop the submission into the inbox.
            var submission = JobSubmission.Create(TrainingCluster.TinySpec("hosted", worldSize: 2, steps: 30), TimeProvider.System, "obs");
            JobInbox.Submit(dataDir, submission);

            // What `obs jobs list/show` read: the event log file.
            var eventLog = new TrainingOptions { DataDirectory = dataDir }.EventLogPath;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            JobRecord? job = null;
            while (DateTime.UtcNow < deadline && job?.State.IsFinal() != true)
            {
                await Task.Delay(100);
                job = FileJobEventLog.ReadSnapshot(eventLog).Records.FirstOrDefault(j => j.JobId == submission.JobId);
            }

            Assert.Equal(JobState.Succeeded, job?.State);
            Assert.Empty(Directory.GetFiles(JobInbox.Directory(dataDir), "*.json"));

            // The submit span went from the inbox into the pipeline, followed by the job's other spans.
            var names = new HashSet<string>();
            deadline = DateTime.UtcNow.AddSeconds(30);
            while (DateTime.UtcNow < deadline && !(names.Contains("train.job.submit") && names.Contains("train.rank.run")))
            {
                var batch = await traces.ReceiveAsync(500, TimeSpan.FromMilliseconds(200), CancellationToken.None);
                foreach (var m in batch.Messages)
                {
                    using var doc = System.Text.Json.JsonDocument.Parse(m.Value);
                    if (doc.RootElement.GetProperty("trace").GetProperty("id").GetString() == submission.SubmitSpan["trace.id"] as string)
                    {
                        names.Add(doc.RootElement.GetProperty("span").GetProperty("name").GetString()!);
                    }
                }
            }

            Assert.Contains("train.job.submit", names);
            Assert.Contains("train.rank.run", names);
        }
        finally
        {
            await host.StopAsync();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
