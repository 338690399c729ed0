using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Training.Client;
using Observability.Training.Hosting;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;
using Spectre.Console;

namespace Observability.Cli.Commands.Jobs;

/// <summary><c>obs jobs submit --local</c>: the training services of <c>obs up</c>, hosted just for one job.</summary>
internal static class LocalCluster
{
    public static async Task<int> RunAsync(string dataDir, JobSubmission submission, int slots, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddTraining(o =>
        {
            o.DataDirectory = dataDir;
            o.Worker.WorkerId = "local";
            o.Worker.Slots = slots;
            o.RelayInbox = false;
        });
        using var host = builder.Build();
        await host.StartAsync(ct);
        var scheduler = host.Services.GetRequiredService<TrainingScheduler>();
        await scheduler.Ready.WaitAsync(ct);
        var producer = host.Services.GetRequiredKeyedService<IMessageProducer>(TrainingServiceCollectionExtensions.ProducerKey);
        await producer.ProduceAsync([TrainJson.ToTransport(Topics.TrainJobs, submission.JobId, submission.Message)], ct);
        AnsiConsole.MarkupLineInterpolated($"running [bold]{submission.JobId}[/] locally ({slots} slots; data in {dataDir})");
        var code = await JobView.FollowAsync(() => scheduler.Find(submission.JobId), ct);
        await host.StopAsync(CancellationToken.None);
        return code;
    }
}
