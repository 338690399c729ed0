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
using Observability.Transport.Kafka;

namespace Observability.Training.Hosting;

public static class TrainingServiceCollectionExtensions
{
    /// <summary>The key of the one producer the training services share (<c>GetRequiredKeyedService&lt;IMessageProducer&gt;(ProducerKey)</c>).</summary>
    public const string ProducerKey = "training";

    /// <summary>The scheduler's consumer group on train.jobs and train.heartbeats.</summary>
    public const string SchedulerGroup = "scheduler";

    /// <summary>
    /// The training scheduler, a local worker and the job inbox relay, in one line (<c>obs up</c>):
    /// <c>services.AddTraining(o => o.DataDirectory = "data/train")</c>. Embedded by default (in-process train.* topics,
    /// event log file); set <see cref="TrainingOptions.Kafka"/> for distributed mode (train.* on Kafka, the event log on
    /// the compacted train.events), or pass the host's <see cref="IMessageTransport"/> (and register an <see cref="IJobEventLog"/>
    /// first). The training services share one producer of that transport (<see cref="ProducerKey"/>). Telemetry documents go to a
    /// registered <see cref="ITelemetrySink"/>, else to a registered <see cref="IMessageProducer"/> (the pipeline's
    /// obs.* topics), else to the training producer.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Options.</param>
    /// <param name="transport">The host's transport for train.* (null: <see cref="InProcessTrainingBus"/> unless <see cref="TrainingOptions.Kafka"/> is set).</param>
    /// <param name="leadership">
    /// When set (a cluster), the scheduler runs only while this lease is held: each term builds a new scheduler, which
    /// replays the event log before it places anything, and stops it before the lease is handed on. The event log must
    /// then be shared by the candidates (train.events). Null: the scheduler always runs, as one <see cref="TrainingScheduler"/>.
    /// </param>
    public static IServiceCollection AddTraining(this IServiceCollection services, Action<TrainingOptions>? configure = null, IMessageTransport? transport = null,
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
            services.TryAddSingleton<IMessageTransport>(_ => new KafkaMessageTransport(kafka));
            services.TryAddSingleton<IJobEventLog>(sp => TransportJobEventLog.On(sp.GetRequiredService<IMessageTransport>(), options.SchedulerId));
        }

        services.TryAddSingleton<IMessageTransport>(_ => new InProcessTrainingBus());
        services.TryAddKeyedSingleton(ProducerKey, (sp, _) => sp.GetRequiredService<IMessageTransport>().CreateProducer());
        services.TryAddSingleton<IJobEventLog>(_ => new FileJobEventLog(options.EventLogPath));
        services.TryAddSingleton<ITelemetrySink>(sp => new TransportTelemetrySink(sp.GetService<IMessageProducer>() ?? Producer(sp)));

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
                var transport = sp.GetRequiredService<IMessageTransport>();
                options.Worker.DataDirectory = options.DataDirectory;
                return new WorkerAgent(options.Worker, transport.CreateConsumer("worker-" + options.Worker.WorkerId, Topics.TrainAssignments),
                    Producer(sp), sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<WorkerAgent>>());
            });
            services.AddHostedService(sp => sp.GetRequiredService<WorkerAgent>());
        }

        if (options.RelayInbox)
        {
            services.AddHostedService(sp => new JobInboxRelay(options.DataDirectory, Producer(sp),
                sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<JobInboxRelay>>()));
        }

        if (options.SubmitDemoJob && options.RunScheduler && leadership is null)
        {
            services.AddHostedService(sp => new DemoJobSubmitter(sp.GetRequiredService<TrainingScheduler>(), Producer(sp),
                sp.GetRequiredService<ITelemetrySink>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DemoJobSubmitter>>()));
        }

        return services;
    }

    /// <summary>A scheduler on the group <c>scheduler</c> of train.jobs and train.heartbeats (it owns and closes both consumers).</summary>
    private static TrainingScheduler CreateScheduler(IServiceProvider sp, TrainingOptions options)
    {
        var transport = sp.GetRequiredService<IMessageTransport>();
        return new TrainingScheduler(options.Scheduler, sp.GetRequiredService<IJobEventLog>(),
            transport.CreateConsumer(SchedulerGroup, Topics.TrainJobs), transport.CreateConsumer(SchedulerGroup, Topics.TrainHeartbeats),
            Producer(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<TrainingScheduler>>());
    }

    private static IMessageProducer Producer(IServiceProvider sp) => sp.GetRequiredKeyedService<IMessageProducer>(ProducerKey);
}
