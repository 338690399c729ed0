using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Transport;
using Observability.Reports.Scheduling;
using Observability.Training.Hosting;
using Observability.Training.Persistence;
using Observability.Training.Workers;
using Observability.Transport.Kafka;

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
        var roles = context.Roles;
        var kafka = context.Transport as KafkaMessageTransport;

        // detection: the indexer's last document processor (in-process) or the obs-detector group (Kafka); alerts are
        // tables of the main store, where the reports read them. See UpDetection. On Kafka the detector is a singleton
        // behind the "detector" leader lease: only its holder consumes, evaluates the rules and notifies.
        UpDetection.Add(services, context, runDetector: roles.Detector, leadership: roles.Detector ? kafka?.CreateLeaderLease("detector") : null);

        // training: the scheduler and a local worker; rank processes are obs-train-worker (built by ./obs). Without
        // that executable (a bare `dotnet build` of the CLI) the scheduler still runs and jobs wait for a worker.
        // On Kafka the scheduler is a singleton behind the "scheduler" leader lease, replaying the shared train.events.
        if (roles.Scheduler)
        {
            // obs.yml training.local_worker: false leaves the ranks to the workers of other hosts (a control plane).
            var haveWorker = !string.Equals(context.Configuration["training:local_worker"], "false", StringComparison.OrdinalIgnoreCase) && TryLocateWorker();
            var options = new TrainingOptions { DataDirectory = Path.Combine(context.DataDirectory, "train") };
            if (kafka is not null)
            {
                services.AddSingleton<IJobEventLog>(_ => new MirroredJobEventLog(
                    TransportJobEventLog.On(kafka, "obs-scheduler"),
                    new FileJobEventLog(options.EventLogPath)));
            }

            services.AddTraining(
                o =>
                {
                    o.DataDirectory = options.DataDirectory;
                    o.RunLocalWorker = haveWorker;
                    o.SubmitDemoJob = context.Demo && haveWorker;
                },
                context.Transport,
                kafka?.CreateLeaderLease("scheduler"));
        }

        // reports: Quartz schedules from the `reports` section of obs.yml, reading the embedded store, or Elasticsearch
        // with --es; on Kafka only the holder of the "reports" leader lease runs them, and the schedules' last fire
        // times are shared on the compacted obs.report-schedules, so a new leader does not resend what another sent.
        if (roles.Reports)
        {
            services.AddReports(context.Configuration, context.Store, context.Time, context.DataDirectory, context.Elasticsearch, kafka?.CreateLeaderLease("reports"),
                kafka is null ? null : new ReportScheduleLog(kafka.CreateProducer(), () => kafka.CreateConsumer($"obs-reports-replay-{Guid.NewGuid():N}", Topics.ReportSchedules)));
        }
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
