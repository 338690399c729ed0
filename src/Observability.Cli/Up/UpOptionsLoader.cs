using Microsoft.Extensions.Configuration;
using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Core.Options;
using Observability.Indexer;
using Observability.Pipelines;
using Observability.Storage.DuckDb;
using Observability.Storage.DuckDb.Retention;
using Observability.Storage.Elasticsearch;
using Observability.Transport.InProcess;
using Observability.Transport.Kafka;

namespace Observability.Cli.Up;

/// <summary>
/// Reads obs.yml (<c>--config</c>) and the command line into every options object <c>obs up</c> needs, and validates
/// them all before anything starts, so a bad value fails at start-up naming its key. obs.yml sections:
/// <c>indexer</c>, <c>store.duckdb</c>, <c>store.retention</c>, <c>transport.in_process</c>, <c>agent.files</c>, <c>agent.metrics</c>, <c>kafka</c>.
/// </summary>
public sealed class UpOptionsLoader
{
    private UpOptionsLoader(IConfiguration configuration) => Configuration = configuration;

    public IConfiguration Configuration { get; }

    public required IndexerOptions Indexer { get; init; }

    public required DuckDbOptions Store { get; init; }

    public required InProcessTransportOptions InProcess { get; init; }

    /// <summary>obs.yml <c>store.retention</c>, with <c>--retention-max-age</c> / <c>--retention-max-size</c> over it.</summary>
    public required DuckDbRetentionOptions Retention { get; init; }

    public FileInputOptions? Files { get; init; }

    public KafkaOptions? Kafka { get; init; }

    /// <summary>Node and GPU metrics (obs.yml <c>agent.metrics</c>); null with <c>--no-metrics</c>.</summary>
    public MetricsOptions? Metrics { get; init; }

    public UpRoles Roles { get; init; } = UpRoles.All;

    /// <summary>Set with <c>--es</c>: the indexer and the query API use Elasticsearch instead of DuckDB.</summary>
    public ElasticsearchOptions? Elasticsearch { get; init; }

    /// <summary>Null when no pipeline directory is configured or found: the indexer stores events as shipped.</summary>
    public PipelineRunnerOptions? Pipelines { get; init; }

    /// <summary>GPUs the demo simulates when the machine has none (like one node of the demo log stream).</summary>
    public const int DemoGpus = 4;

    public static UpOptionsLoader Load(UpSettings settings)
    {
        var configuration = ObsConfiguration.Load(settings.ConfigFile);
        var data = Path.GetFullPath(settings.DataDirectory);

        var indexer = ObsConfiguration.Bind<IndexerOptions>(configuration, "indexer");
        indexer.Validate();

        var store = ObsConfiguration.Bind<DuckDbOptions>(configuration, "store.duckdb");
        store.DataDirectory = data;
        store.Validate();

        var retention = ObsConfiguration.Bind<DuckDbRetentionOptions>(configuration, "store.retention");
        retention.MaxAge = settings.RetentionMaxAge ?? retention.MaxAge;
        retention.MaxSize = settings.RetentionMaxSize ?? retention.MaxSize;
        retention.Validate();

        var inProcess = ObsConfiguration.Bind<InProcessTransportOptions>(configuration, "transport.in_process");
        inProcess.Validate();

        FileInputOptions? files = ObsConfiguration.Bind<FileInputOptions>(configuration, "agent.files");
        foreach (var glob in settings.LogGlobs)
        {
            files.AddLogsArgument(glob, Path.GetFullPath); // GLOB, or DATASET=GLOB
        }

        if (settings.Demo)
        {
            files.Include.Add(DemoLogWriter.GlobIn(data));
            if (files.Dataset == "generic")
            {
                files.Dataset = "training"; // the layout pipelines/30-training.yml parses
            }
        }

        files.CheckpointDirectory = Path.Combine(data, "agent");
        if (!files.HasInputs)
        {
            files = null; // nothing to tail: obs up runs the indexer, store and API (e.g. fed by other agents over Kafka)
        }
        else
        {
            files.Validate();
        }

        MetricsOptions? metrics = null;
        if (settings.Metrics)
        {
            metrics = ObsConfiguration.Bind<MetricsOptions>(configuration, "agent.metrics");
            metrics.HostFs = settings.HostFs ?? metrics.HostFs;
            if (settings.Demo && metrics.SimulateGpus == 0 && metrics.SimulateGpusWhenNone == 0)
            {
                metrics.SimulateGpusWhenNone = DemoGpus; // a machine without GPUs still fills the GPU dashboards and report sections
            }

            metrics.Validate();
        }

        var kafka = settings.Kafka;
        if (kafka is not null)
        {
            kafka.Validate();
        }
        else if (settings.KafkaBootstrap is not null)
        {
            kafka = ObsConfiguration.Bind<KafkaOptions>(configuration, "kafka");
            kafka.BootstrapServers = settings.KafkaBootstrap;
            kafka.Validate();
        }

        var elasticsearch = LoadElasticsearch(settings);
        var roles = UpRoles.Load(settings.Roles, configuration);
        if (!roles.IsAll && kafka is null)
        {
            throw new ObsConfigException(UpRoles.Section, $"'{roles}' needs --kafka: in one process every role runs (the in-process channels have no other reader)");
        }

        var pipelines = ObsConfiguration.Bind<PipelineRunnerOptions>(configuration, "pipelines");
        var directory = settings.PipelinesDirectory ?? (configuration["pipelines:directory"] is { Length: > 0 } configured ? configured : FindPipelines());
        if (!string.IsNullOrEmpty(directory))
        {
            pipelines.Directory = Path.GetFullPath(directory);
            pipelines.Validate();
            if (!Directory.Exists(pipelines.Directory))
            {
                throw new ObsConfigException("pipelines.directory", $"{pipelines.Directory} does not exist");
            }
        }

        return new UpOptionsLoader(configuration)
        {
            Roles = roles, Indexer = indexer, Store = store, Retention = retention, InProcess = inProcess, Files = files, Metrics = metrics, Kafka = kafka, Elasticsearch = elasticsearch,
            Pipelines = string.IsNullOrEmpty(directory) ? null : pipelines,
        };
    }

    /// <summary>Null without <c>--es</c>; otherwise the options, the rest from <c>OBS_ES_*</c>, validated (errors name the flag, never a credential).</summary>
    private static ElasticsearchOptions? LoadElasticsearch(UpSettings settings)
    {
        if (settings.EsUrl is null)
        {
            return null;
        }

        OptionsCheck.That(!string.IsNullOrWhiteSpace(settings.EsUrl), "--es", "was given an empty URL");
        var options = new ElasticsearchOptions
        {
            ApiKey = string.IsNullOrEmpty(settings.EsApiKey) ? null : settings.EsApiKey,
            Username = string.IsNullOrEmpty(settings.EsUser) ? null : settings.EsUser,
            CaFingerprint = string.IsNullOrEmpty(settings.EsCaFingerprint) ? null : settings.EsCaFingerprint,
            CaCertificatePath = string.IsNullOrEmpty(settings.EsCaCert) ? null : settings.EsCaCert,
        };
        options.AddUrls(settings.EsUrl);
        options.ApplyEnvironment();
        options.Validate();
        return options;
    }

    private static string? FindPipelines()
    {
        var home = Environment.GetEnvironmentVariable("OBS_HOME");
        foreach (var candidate in new[] { home is null ? null : Path.Combine(home, "pipelines"), Path.GetFullPath("pipelines") })
        {
            if (candidate is not null && Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.yml").Any())
            {
                return candidate;
            }
        }

        return null;
    }
}
