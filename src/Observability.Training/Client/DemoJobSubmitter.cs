using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Observability.Training.Specs;
using Observability.Training.Telemetry;

namespace Observability.Training.Client;

/// <summary><c>obs up --demo</c>: once the scheduler is ready, submits a small 2-rank MLP job (the spec below).</summary>
public sealed class DemoJobSubmitter(TrainingScheduler scheduler, IMessageProducer producer, ITelemetrySink telemetry, TimeProvider time,
    ILogger<DemoJobSubmitter> logger) : BackgroundService
{
    public static JobSpec Spec() => new()
    {
        Name = "demo-mlp",
        Owner = "demo",
        Model = new ModelSpec { Type = "mlp", Hidden = 32, Layers = 2 },
        Dataset = new DatasetSpec { Type = "regression", Samples = 2048, Features = 16 },
        Steps = 300,
        BatchSize = 64,
        LearningRate = 0.01,
        WorldSize = 2,
        CheckpointEvery = 50,
        StepPacing = "20ms",
    };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await scheduler.Ready.WaitAsync(stoppingToken);
        var submission = JobSubmission.Create(Spec(), time, "obs-up");
        await telemetry.WriteAsync(Topics.Traces, submission.JobId, EcsJson.ToUtf8(submission.SubmitSpan), stoppingToken);
        await producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, submission.JobId, submission.Message)], stoppingToken);
        logger.LogInformation("Demo training job {JobId} submitted; follow it with: obs jobs show {JobId}", submission.JobId, submission.JobId);
    }
}
