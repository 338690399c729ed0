using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Leadership;
using Observability.Core.Transport;
using Observability.Training.Bus;
using Observability.Training.Client;
using Observability.Training.Persistence;
using Observability.Training.Scheduling;
using Observability.Training.Telemetry;
using Observability.Training.Workers;

namespace Observability.Training.Hosting;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>
    /// The training scheduler, a local worker and the job inbox relay, in one line (<c>obs up</c>):
    /// <c>services.AddTraining(o => o.DataDirectory = "data/train")</c>. Embedded by default (in-process train.* topics,
    /// event log file); set <see cref="TrainingOptions.Kafka"/> for distributed mode (train.* on Kafka, the event log on
    /// the compacted train.events), or register an <see cref="ITrainingTransport"/> and <see cref="IJobEventLog"/> first. Telemetry documents go to a
    /// registered <see cref="ITelemetrySink"/>, else to a registered <see cref="IMessageProducer"/> (the pipeline's
    /// obs.* topics), else to the training transport.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Options.</param>
    /// <param name="transport">The host's transport for train.* (null: in-process unless <see cref="TrainingOptions.Kafka"/> is set).</param>
    /// <param name="leadership">
    /// When set (a cluster), the scheduler runs only while this lease is held: each term builds a new scheduler, which
    /// replays the event log before it places anything, and stops it before the lease is handed on. The event log must
    /// then be shared by the candidates (train.events). Null: the scheduler always runs, as one <see cref="TrainingScheduler"/>.
    /// </param>
    public static IServiceCollection AddTraining(this IServiceCollection services, Action<TrainingOptions>? configure = null, ITrainingTransport? transport = null,
        ILeaderLease? leadership = null)
    {
        if (transport is not null)
        {
            services.AddSingleton(transport);
        }

        var options = new TrainingOptions();
        configure?.Invoke(options);
        options.Validate();
        services.AddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        if (options.Kafka is { } kafka)
        {
            services.TryAddSingleton(_ => new KafkaTrainingTransport(kafka));
            services.TryAddSingleton<ITrainingTransport>(sp => sp.GetRequiredService<KafkaTrainingTransport>());
            services.TryAddSingleton(sp => sp.GetRequiredService<KafkaTrainingTransport>().CreateEventLog(options.SchedulerId));
        }

        services.TryAddSingleton<ITrainingTransport>(_ => new InProcessTrainingTransport(new InProcessTrainingBus()));
        services.TryAddSingleton<IJobEventLog>(_ => new FileJobEventLog(options.EventLogPath));
        services.TryAddSingleton<ITelemetrySink>(sp =>
            new TransportTelemetrySink(sp.GetService<IMessageProducer>() ?? sp.GetRequiredService<ITrainingTransport>().Producer));

        if (options.Telemetry)
        {
            services.AddSingleton<TrainingTelemetryHost>();
            services.AddHostedService(sp => sp.GetRequiredService<TrainingTelemetryHost>());
        }

        if (options.RunScheduler && leadership is not null)
        {
            // Not AddHostedService: it keeps one service per implementation type, and the reports have a LeaderGatedService too.
            services.AddSingleton<IHostedService>(sp => new LeaderGatedService(leadership, () => CreateScheduler(sp, options),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<LeaderGatedService>()));
        }
        else if (options.RunScheduler)
        {
            services.AddSingleton(sp => CreateScheduler(sp, options));
            services.AddHostedService(sp => sp.GetRequiredService<TrainingScheduler>());
        }

        if (options.RunLocalWorker)
        {
            services.AddSingleton(sp =>
            {
                var transport = sp.GetRequiredService<ITrainingTransport>();
                options.Worker.DataDirectory = options.DataDirectory;
                return new WorkerAgent(options.Worker, transport.Subscribe(Topics.TrainAssignments, "worker-" + options.Worker.WorkerId),
                    transport.Producer, sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkerAgent>>());
            });
            services.AddHostedService(sp => sp.GetRequiredService<WorkerAgent>());
        }

        if (options.RelayInbox)
        {
            services.AddHostedService(sp => new JobInboxRelay(options.DataDirectory, sp.GetRequiredService<ITrainingTransport>().Producer,
                sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JobInboxRelay>>()));
        }

        if (options.SubmitDemoJob && options.RunScheduler && leadership is null)
        {
            services.AddHostedService(sp => new DemoJobSubmitter(sp.GetRequiredService<TrainingScheduler>(), sp.GetRequiredService<ITrainingTransport>(),
                sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DemoJobSubmitter>>()));
        }

        return services;
    }

    /// <summary>A scheduler on the group <c>scheduler</c> of train.jobs and train.heartbeats (it owns and closes both consumers).</summary>
    private static TrainingScheduler CreateScheduler(IServiceProvider sp, TrainingOptions options)
    {
        var transport = sp.GetRequiredService<ITrainingTransport>();
        return new TrainingScheduler(options.Scheduler, sp.GetRequiredService<IJobEventLog>(),
            transport.Subscribe(Topics.TrainJobs, "scheduler"), transport.Subscribe(Topics.TrainHeartbeats, "scheduler"),
            transport.Producer, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TrainingScheduler>>());
    }
}
