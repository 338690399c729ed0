using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Core.Leadership;
using Observability.Core.Storage;
using Observability.Core.Transport;
using Observability.Detection.Alertmanager;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Notifiers;
using Observability.Detection.Rules;
using Observability.Detection.Storage;

namespace Observability.Detection.Hosting;

public static class DetectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the detector and alerter: options from the <c>Detection</c> section (validated at start-up), rules
    /// from <c>RulesDirectory</c> plus the built-in ones, the DuckDB alert store, notifiers, the alerter loop, and the
    /// <see cref="IDocumentProcessor"/> the indexer runs (embedded). Pass <paramref name="consumer"/> to consume the
    /// transport instead (distributed), and <paramref name="alertsProducer"/> to publish to <c>obs.alerts</c>.
    /// </summary>
    public static IServiceCollection AddDetection(
        this IServiceCollection services,
        IConfiguration configuration,
        Func<IServiceProvider, IMessageConsumer>? consumer = null,
        Func<IServiceProvider, IMessageProducer>? alertsProducer = null)
    {
        var options = new DetectionOptions();
        configuration.GetSection(DetectionOptions.Section).Bind(options);
        return services.AddDetection(options, consumer, alertsProducer);
    }

    /// <summary>
    /// As above with options already bound (<c>obs up</c> binds obs.yml's <c>detection</c> section with snake_case keys).
    /// <paramref name="alertStore"/> replaces the DuckDB file at <see cref="DetectionOptions.AlertStorePath"/>, e.g. with
    /// the alert tables inside the main store. <paramref name="alertDocuments"/> adds an <see cref="AlertDocumentSink"/>:
    /// every alert state change is also written as an ECS alert document through that writer (Elasticsearch: <c>obs-alerts</c>).
    /// <paramref name="generatorBaseUrl"/> gives the base of the alerts' generatorURL when <see cref="DetectionOptions.GeneratorBaseUrl"/>
    /// is not set (obs up: its query API, known once it listens). With <paramref name="leadership"/> (a cluster) the detector is a
    /// singleton: only the holder of that lease consumes, evaluates the rules and notifies, each term in a
    /// <see cref="DetectorLeaderTerm"/> with a consumer of its own; without it this process always does.
    /// </summary>
    public static IServiceCollection AddDetection(
        this IServiceCollection services,
        DetectionOptions options,
        Func<IServiceProvider, IMessageConsumer>? consumer = null,
        Func<IServiceProvider, IMessageProducer>? alertsProducer = null,
        Func<IServiceProvider, DuckDbAlertStore>? alertStore = null,
        Func<IServiceProvider, IDocumentWriter>? alertDocuments = null,
        Func<IServiceProvider, Func<string?>>? generatorBaseUrl = null,
        ILeaderLease? leadership = null)
    {
        options.Validate();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<IAlertQueryCompiler, KqlAlertQueryCompiler>();
        services.AddSingleton(sp =>
        {
            var kql = sp.GetRequiredService<IAlertQueryCompiler>();
            var rules = BuiltInRules.Load(kql).ToList();
            if (Directory.Exists(options.RulesDirectory))
            {
                var custom = RuleLoader.LoadDirectory(options.RulesDirectory, kql);
                rules.RemoveAll(r => custom.Any(c => c.Name == r.Name));
                rules.AddRange(custom);
            }

            return new RuleEngine(rules);
        });
        services.AddSingleton(sp => new DetectionEngine(options, sp.GetRequiredService<RuleEngine>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => alertStore?.Invoke(sp) ?? new DuckDbAlertStore(options.AlertStorePath, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IAlertStore>(sp => sp.GetRequiredService<DuckDbAlertStore>());
        services.AddSingleton<INotificationLog>(sp => sp.GetRequiredService<DuckDbAlertStore>());
        services.AddHttpClient("obs-notifiers", c => c.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<IReadOnlyList<INotifier>>(sp => NotifierFactory.Create(options.Receivers, sp.GetRequiredService<IHttpClientFactory>().CreateClient("obs-notifiers")));
        services.AddSingleton(sp => new AlertDispatcher(
            new AlertDispatcherOptions { DefaultRoute = options.Route(), ExternalUrl = options.ExternalUrl },
            sp.GetRequiredService<IReadOnlyList<INotifier>>(),
            sp.GetRequiredService<INotificationLog>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IAlertQueryCompiler>(),
            sp.GetRequiredService<ILogger<AlertDispatcher>>()));
        services.AddSingleton<AlertTracker>();
        if (alertDocuments is not null)
        {
            // Registered before the alerter's service, so it stops after it and writes the last changes.
            services.AddSingleton(sp => new AlertDocumentSink(alertDocuments(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertDocumentSink>>()));
            services.AddHostedService(sp => sp.GetRequiredService<AlertDocumentSink>());
        }

        if (options.Alertmanagers.Count > 0)
        {
            // Registered before the alerter's service: it starts first and stops after it.
            services.AddSingleton(sp => new AlertmanagerSender(
                options.Alertmanagers.Select(a => new AlertmanagerClient(a)).ToList(),
                options.EvaluationInterval,
                options.AlertmanagerResendDelay,
                logger: sp.GetRequiredService<ILogger<AlertmanagerSender>>()));
            services.AddHostedService(sp => sp.GetRequiredService<AlertmanagerSender>());
        }

        services.AddSingleton(sp => new Alerter(
            sp.GetRequiredService<RuleEngine>(),
            sp.GetRequiredService<AlertTracker>(),
            sp.GetRequiredService<IAlertStore>(),
            sp.GetRequiredService<AlertDispatcher>(),
            alertsProducer is not null && options.PublishAlerts ? alertsProducer(sp) : null,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Alerter>>(),
            sp.GetService<AlertDocumentSink>())
        {
            Alertmanagers = sp.GetService<AlertmanagerSender>(),
            GeneratorBaseUrl = options.GeneratorBaseUrl is { } fixedBase ? () => fixedBase : generatorBaseUrl?.Invoke(sp),
        });
        if (consumer is null)
        {
            services.AddSingleton<IDocumentProcessor, DetectionDocumentProcessor>();
        }

        if (leadership is not null)
        {
            // Not AddHostedService: it keeps one service per implementation type, and the scheduler and reports have a LeaderGatedService too.
            services.AddSingleton<IHostedService>(sp => new LeaderGatedService(leadership,
                () => new DetectorLeaderTerm(ActivatorUtilities.CreateInstance<AlerterService>(sp), consumer?.Invoke(sp), messages => ConsumerService(sp, messages)),
                sp.GetRequiredService<ILogger<LeaderGatedService>>()));
            return services;
        }

        services.AddHostedService<AlerterService>();
        if (consumer is not null)
        {
            services.AddHostedService(sp => ConsumerService(sp, consumer(sp)));
        }

        return services;
    }

    private static DetectionConsumerService ConsumerService(IServiceProvider sp, IMessageConsumer messages) =>
        new(messages, sp.GetRequiredService<DetectionEngine>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<DetectionConsumerService>>());
}
