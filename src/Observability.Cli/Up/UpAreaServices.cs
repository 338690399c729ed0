using Microsoft.Extensions.DependencyInjection;
using Observability.Reports.Scheduling;
using Observability.Training.Hosting;
using Observability.Training.Workers;

namespace Observability.Cli.Up;

/// <summary>
/// ===== THE PLACE FOR AREA SERVICES IN <c>obs up</c> =====
/// Each area adds its hosted services here with one line, e.g.
/// <c>services.AddHostedService(sp => new DetectorService(context.Transport.CreateConsumer("obs-detector", Topics.Metrics), …));</c>
/// They start after the store, the query API and the indexer (so their consumers and producers have someone to
/// talk to) and before the agent; on stop they stop after the agent and before the indexer drains. Use
/// <see cref="UpContext"/> for the transport (a consumer group of your own sees every message), the store and search.
/// </summary>
internal static class UpAreaServices
{
    public static void Add(IServiceCollection services, UpContext context)
    {
        // detection: the indexer's last document processor (in-process) or the obs-detector group (Kafka); alerts are
        // tables of the main store, where the reports read them. See UpDetection.
        UpDetection.Add(services, context);

        // training: the scheduler and a local worker; rank processes are obs-train-worker (built by ./obs). Without
        // that executable (a bare `dotnet build` of the CLI) the scheduler still runs and jobs wait for a worker.
        var haveWorker = TryLocateWorker();
        services.AddTraining(
            o =>
            {
                o.DataDirectory = Path.Combine(context.DataDirectory, "train");
                o.RunLocalWorker = haveWorker;
                o.SubmitDemoJob = context.Demo && haveWorker;
            },
            new DelegateTrainingTransport(context.Transport.CreateProducer(), (topic, group) => context.Transport.CreateConsumer(group, topic)));

        // reports: Quartz schedules from the `reports` section of obs.yml, reading the embedded store, or Elasticsearch with --es.
        services.AddReports(context.Configuration, context.Store, context.Time, context.DataDirectory, context.Elasticsearch);
    }

    private static bool TryLocateWorker()
    {
        try
        {
            _ = WorkerLocator.Locate(null);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }
}
