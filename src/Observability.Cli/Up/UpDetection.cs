using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Leadership;
using Observability.Core.Options;
using Observability.Core.Transport;
using Observability.Detection.Alerting;
using Observability.Detection.Hosting;
using Observability.Detection.Rules;
using Observability.Detection.Storage;
using Observability.Transport.Kafka;

namespace Observability.Cli.Up;

/// <summary>
/// The detector and alerter inside <c>obs up</c>, configured by obs.yml's <c>detection</c> section.
/// <list type="bullet">
/// <item>In-process transport: the indexer runs the detector as its last <see cref="Core.Storage.IDocumentProcessor"/>
/// (after the pipelines), so it sees every stored document without a consumer group of its own. In-process
/// acknowledgement waits for every group, so a separate detector group would hold back the agent.</item>
/// <item>Kafka (<c>--kafka</c>): the detector is its own consumer group, <see cref="Group"/>, on <c>obs.metrics</c> and
/// <c>obs.logs</c>; alert changes are also published to <c>obs.alerts</c>. The detector is a singleton behind the
/// <c>detector</c> leader lease: the other detector roles of the cluster wait as standbys, outside the group.</item>
/// </list>
/// Alerts, silences and the notification log are tables of the main store (<c>obs_alerts</c>, …), written through a
/// second connection to the same database instance, so the reports, which read that store, see them.
/// With <c>--es</c> every alert state change is also indexed into Elasticsearch's <c>obs-alerts</c> (the Kibana alert
/// dashboards) by an <see cref="AlertDocumentSink"/>; DuckDB stays the lifecycle store. Nothing consumes <c>obs.alerts</c>
/// into a store, so with <c>--kafka --es</c> the sink is still the one writer of <c>obs-alerts</c>.
/// </summary>
internal static class UpDetection
{
    public const string Section = "detection";

    public const string Group = "obs-detector";

    /// <param name="services">The host's services.</param>
    /// <param name="context">What obs up shares.</param>
    /// <param name="runDetector">False without the detector role: only the alert tables are registered, for <c>obs alerts</c>.</param>
    /// <param name="leadership">On Kafka, the <c>detector</c> lease: only its holder consumes, evaluates and notifies.</param>
    public static void Add(IServiceCollection services, UpContext context, bool runDetector = true, ILeaderLease? leadership = null)
    {
        if (!runDetector)
        {
            services.AddSingleton<IAlertStore>(_ => new DuckDbAlertStore(context.Store.OpenReadConnection(), context.Time));
            return;
        }

        var options = Load(context);
        var kafka = context.Transport is KafkaMessageTransport;
        services.AddDetection(
            options,
            consumer: kafka ? _ => context.Transport.CreateConsumer(Group, Topics.Metrics, Topics.Logs) : null,
            alertsProducer: kafka ? _ => context.Transport.CreateProducer() : null,
            alertStore: _ => new DuckDbAlertStore(context.Store.OpenReadConnection(), context.Time),
            alertDocuments: context.ElasticsearchWriter is { } es ? _ => es : null,
            generatorBaseUrl: GeneratorBase,
            leadership: leadership);
    }

    /// <summary>
    /// The alerts' generatorURL points at this process' query API (GET /api/search, see docs/alerts.md); its port is
    /// chosen when Kestrel binds, so the address is read from the server at each evaluation (null until it listens).
    /// </summary>
    private static Func<string?> GeneratorBase(IServiceProvider services)
    {
        var server = services.GetRequiredService<IServer>();
        return () => server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
    }

    /// <summary>Binds and validates the section (snake_case or property names), failing at start-up naming the key.</summary>
    public static DetectionOptions Load(UpContext context) => Load(context.Configuration);

    /// <inheritdoc cref="Load(UpContext)"/>
    public static DetectionOptions Load(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var options = ObsConfiguration.Bind<DetectionOptions>(configuration, Section);
        options.Validate();

        if (Directory.Exists(options.RulesDirectory))
        {
            try
            {
                // Compiled again when the services start; here a bad rule stops obs up before it opens anything else.
                RuleLoader.LoadDirectory(options.RulesDirectory, new KqlAlertQueryCompiler());
            }
            catch (FormatException e)
            {
                throw new ObsConfigException($"{Section}.rules_directory: {e.Message}", e);
            }
        }

        return options;
    }
}
