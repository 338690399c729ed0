using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Agent.Files;
using Observability.Agent.Hosting;
using Observability.Agent.Metrics;
using Observability.Api;
using Observability.Api.Query;
using Observability.Core.Hosting;
using Observability.Core.Logging;
using Observability.Core.Storage;
using Observability.Core.Transport;
using Observability.Indexer;
using Observability.Indexer.Hosting;
using Observability.Pipelines;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Storage.DuckDb.Retention;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Hosting;
using Observability.Transport.InProcess;
using Observability.Transport.Kafka;
using Serilog;
using Serilog.Events;

namespace Observability.Cli.Up;

/// <summary>
/// <c>obs up</c> as an object: store, transport, indexer, area services, agent and query API composed into one
/// Generic Host. Services start downstream first (store → indexer → area services → agent → demo → status) and stop
/// in reverse, so the agent's batches in flight are acknowledged and the indexer drains before the store closes.
/// </summary>
public sealed class UpApplication : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Serilog.Core.Logger _logger;
    private readonly TransportSink _logSink;
    private readonly DuckDbSearchStore? _duckSearch;
    private readonly ElasticsearchStore? _es;
    private UpInstance? _instance;
    private int _stopped;

    private UpApplication(WebApplication app, UpContext context, IndexerService? indexer, FileAgent? agent, DemoLogWriter? demo,
        Serilog.Core.Logger logger, TransportSink logSink, DuckDbSearchStore? duckSearch, ElasticsearchStore? es, string token)
    {
        _token = token;
        _app = app;
        Context = context;
        Indexer = indexer;
        Agent = agent;
        Demo = demo;
        _logger = logger;
        _logSink = logSink;
        _duckSearch = duckSearch;
        _es = es;
    }

    public UpContext Context { get; }

    /// <summary>Null when this process does not run the indexer role (<c>--roles</c> without <c>indexer</c>).</summary>
    public IndexerService? Indexer { get; }

    public FileAgent? Agent { get; }

    public DemoLogWriter? Demo { get; }

    public UpInstance? Instance => _instance;

    /// <summary>The web console's login link (it carries the token: show it on the user's terminal only, never log it); null before start.</summary>
    public string? ConsoleLoginUrl => _instance is null ? null : WebConsole.WebConsoleEndpoints.LoginUrl(_instance.Url, _instance.Token);

    /// <summary>The host's services (tests and embedders look up the hosted services).</summary>
    public IServiceProvider Services => _app.Services;

    public UpStatus Status => UpStatus.Read(Agent, Indexer?.Telemetry, _duckSearch is null ? null : Context.Store.DatabasePath);

    public IHostApplicationLifetime Lifetime => _app.Lifetime;

    /// <summary>The indexers' consumer group on Kafka: more indexers on a cluster share its partitions.</summary>
    public const string IndexerKafkaGroup = "obs-indexer";

    /// <summary>Validates the configuration, opens the store and composes the services; starts nothing yet.</summary>
    public static UpApplication Create(UpSettings settings, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        var options = UpOptionsLoader.Load(settings); // fails here, naming the key, before anything is opened
        var data = options.Store.DataDirectory;
        var interactive = settings.Interactive ?? (!Console.IsOutputRedirected && Spectre.Console.AnsiConsole.Profile.Capabilities.Interactive);

        // Retention on, the start rewrites a file that dropped data left mostly free (see DuckDbCompaction).
        var store = DuckDbStore.Open(options.Store, message => Console.Error.WriteLine($"obs up: {message}"),
            options.Retention.Enabled ? options.Retention.CompactAtStartFreeRatio : 0);
        if (store.Compaction is { } compaction)
        {
            Console.Error.WriteLine(compaction.SwappedIn
                ? $"obs up: store rewritten without the space of dropped data: {RetentionValue.FormatSize(compaction.BeforeBytes)} → {RetentionValue.FormatSize(compaction.AfterBytes)} in {compaction.Took.TotalSeconds:0.0} s"
                : "obs up: store not rewritten (a write-ahead log was left); the free space is reused by new data");
        }

        IMessageTransport? transport = null;
        ElasticsearchStore? es = null;
        try
        {
            transport = options.Kafka is null ? new InProcessMessageTransport(options.InProcess) : new KafkaMessageTransport(options.Kafka);
            // The host's own log events travel as obs.logs documents, so the logger needs a producer first. The clients
            // created before the host exists (this transport's, Elasticsearch's) log through the same Serilog logger.
            var (logger, sink) = UpLogging.Create(transport.CreateProducer(), settings.ConsoleLevel ?? (interactive ? LogEventLevel.Warning : LogEventLevel.Information), time);
            var loggers = new Serilog.Extensions.Logging.SerilogLoggerFactory(logger);
            (transport as KafkaMessageTransport)?.UseLoggers(loggers);

            // The indexer subscribes before any other consumer group exists, so it sees every message; in-process its
            // group is the default one, which also holds what was produced before any consumer existed (the first log events).
            var roles = options.Roles;
            var indexerGroup = options.Kafka is null ? InProcessTransport.DefaultGroup : IndexerKafkaGroup;
            var indexerConsumer = roles.Indexer ? transport.CreateConsumer(indexerGroup, [.. options.Indexer.EffectiveTopics]) : null;

            // With --es the indexer writes into Elasticsearch and the query API searches it. DuckDB is still opened:
            // it holds the dead-letter table (and the reports' stored copies); the reports read the documents from ES.
            DuckDbSearchStore? duckSearch = null;
            IAggregatingSearchStore search;
            string storeDescription;
            if (options.Elasticsearch is { } esOptions)
            {
                es = ElasticsearchStore.Create(esOptions, time, loggers);
                search = es.Search;
                // Validation refuses credentials in URLs, so these are safe to print.
                storeDescription = $"Elasticsearch {string.Join(",", esOptions.Urls.Select(u => u.GetLeftPart(UriPartial.Path)))}";
            }
            else
            {
                duckSearch = new DuckDbSearchStore(store);
                search = duckSearch;
                storeDescription = $"DuckDB {options.Store.DatabasePath}";
            }

            var context = new UpContext { Configuration = options.Configuration, DataDirectory = data, Transport = transport, Store = store, Search = search, Time = time, Demo = settings.Demo, Roles = roles, Elasticsearch = es?.Connection, ElasticsearchWriter = es?.Writer };

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = data, Args = [] });
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.Listen(IPAddress.Loopback, 0);
                k.Limits.MaxRequestBodySize = QueryApiProtocol.MaxRequestBytes;
            });
            builder.Logging.ClearProviders();
            builder.Logging.AddSerilog(logger, dispose: false);
            builder.Services.Configure<HostOptions>(o =>
            {
                o.ShutdownTimeout = TimeSpan.FromSeconds(90);
                o.ServicesStartConcurrently = false;
                o.ServicesStopConcurrently = false;
            });
            builder.Services.AddSingleton<IHostLifetime, CommandLifetime>(); // signals stop it through RunAsync's token
            builder.Services.AddSingleton(context);
            builder.Services.AddSingleton(time);

            // ---- Composition, downstream first. Hosted services start in this order and stop in reverse. ----
            // Where the documents live: the writer the indexer uses and the search the query API and console use.
            if (es is not null)
            {
                builder.Services.AddDocumentStore(store, es);
            }
            else
            {
                builder.Services.AddDocumentStore(store, duckSearch!, new DuckDbWriter(store, time));
            }

            // Dead letters go to the store's table; with Kafka also to obs.deadletter, where other tools can pick them up.
            IDeadLetterSink deadLetters = options.Kafka is null
                ? new DuckDbDeadLetterWriter(store)
                : new CompositeDeadLetterSink(new DuckDbDeadLetterWriter(store), new TransportDeadLetterSink(transport.CreateProducer()));
            // pipelines/*.yml (parse, enrich, redact, mine patterns), then the processors areas register (the detector in
            // embedded mode, see UpDetection): the indexer runs them in that order. A bad pipeline file fails in Create, below.
            if (options.Pipelines is not null)
            {
                builder.Services.AddPipelines(options.Pipelines);
            }

            if (indexerConsumer is not null)
            {
                builder.Services.AddIndexer(options.Indexer, _ => indexerConsumer, sp => sp.GetRequiredService<IDocumentWriter>(), _ => deadLetters);
            }

            // Stops right before the indexer: the host's own last log events are stored before it drains.
            builder.Services.AddHostedService(_ => new LogFlushService(sink));

            if (duckSearch is not null && options.Retention.Enabled && roles.Indexer)
            {
                // After the indexer: stops before it, so no pass runs while the indexer drains.
                builder.Services.AddSingleton(sp => new DuckDbRetentionService(store, options.Retention, time, sp.GetRequiredService<ILogger<DuckDbRetentionService>>()));
                builder.Services.AddHostedService(sp => sp.GetRequiredService<DuckDbRetentionService>());
            }

            UpAreaServices.Add(builder.Services, context); // detection, training scheduler, reports: see UpAreaServices

            // The node agent, as obs agent composes it: file inputs and obs agent's node and GPU collectors, each with a
            // producer of its own. The stack's own meters ride along as obs.self documents (see docs/telemetry.md).
            builder.Services.AddAgent(options.Files, options.Metrics, _ => transport.CreateProducer(), _ => [new SelfTelemetryMetrics("obs")]);

            DemoLogWriter? demo = null;
            if (settings.Demo)
            {
                demo = new DemoLogWriter(data, settings.DemoRate, time);
                builder.Services.AddHostedService(_ => demo);
            }

            string Banner(IServiceProvider sp) =>
                $"obs up: data {data}, store {storeDescription}, transport {transport.Description}, roles {roles}, pipelines {options.Pipelines?.Directory ?? "none"}, tailing {(options.Files is null ? "nothing" : options.Files.DescribeInputs())}, metrics {(sp.GetService<MetricsAgent>() is not { } metrics ? "off" : $"every {options.Metrics!.Interval.TotalSeconds:0.#} s, GPUs from {metrics.GpuSource ?? "none"}")}";
            builder.Services.AddHostedService(sp => new StatusDisplay(() => UpStatus.Read(sp.GetService<FileAgent>(), sp.GetService<IndexerService>()?.Telemetry, duckSearch is null ? null : store.DatabasePath), interactive, settings.StatusInterval, Banner(sp), time));

            var app = builder.Build();
            var agent = app.Services.GetService<FileAgent>();
            var indexer = app.Services.GetService<IndexerService>(); // builds the pipelines now: a bad pipeline file fails here, before start
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            if (roles.Api)
            {
                WebConsole.WebConsoleEndpoints.Map(app, context, search, token); // the token gate first, then the console's page and endpoints
                app.MapObsApi(search, store, es?.Connection, token); // obs search, obs alerts, obs report run while obs up holds the store
            }

            return new UpApplication(app, context, indexer, agent, demo, logger, sink, duckSearch, es, token);
        }
        catch
        {
            transport?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            es?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            store.Dispose();
            throw;
        }
    }

    private readonly string _token;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _app.StartAsync(cancellationToken);
        var url = _app.Urls.First();
        _instance = new UpInstance(url, _token, Environment.ProcessId, Context.Time.GetUtcNow());
        _instance.WriteTo(Context.DataDirectory);
        _app.Logger.LogInformation("Query API on {Url} (recorded in {File})", url, UpInstance.PathIn(Context.DataDirectory));
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> (obs cancels it on Ctrl+C / SIGTERM) or a service stops the host, then stops cleanly.</summary>
    public async Task RunAsync(CancellationToken cancellationToken, Action<UpApplication>? started = null)
    {
        await StartAsync(cancellationToken);
        started?.Invoke(this);
        try
        {
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _app.Lifetime.ApplicationStopping).Token);
        }
        catch (OperationCanceledException)
        {
        }

        await StopAsync(CancellationToken.None);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _app.StopAsync(cancellationToken);
        _instance?.DeleteFrom(Context.DataDirectory);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        await _logSink.DisposeAsync();
        await _logger.DisposeAsync();
        await Context.Transport.DisposeAsync();
        _duckSearch?.Dispose();
        if (_es is not null)
        {
            await _es.DisposeAsync();
        }
        await Context.Store.DisposeAsync();
    }
}
