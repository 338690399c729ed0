using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Agent.Files;
using Observability.Agent.Hosting;
using Observability.Agent.Metrics;
using Observability.Agent.Spool;
using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Core.Transport;
using Observability.Transport.Kafka;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>obs agent</c>: the node agent on its own, shipping log files and node/GPU metrics to Kafka through a disk spool.
/// Stops cleanly on Ctrl+C/SIGTERM: batches in flight are awaited and checkpoints saved.
/// </summary>
internal static class AgentCommands
{
    public static IEnumerable<Command> Create()
    {
        var kafka = new Option<string>("--kafka") { Description = "Kafka bootstrap servers (host:port,…)", Required = true };
        var logs = new Option<string[]>("--logs") { Description = "Glob of log files to ship (repeatable; ** allowed); DATASET=GLOB gives those files their own event.dataset, e.g. kernel=/var/log/kern.log" };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of paths never shipped (repeatable)" };
        var state = new Option<string>("--state-dir") { Description = "Checkpoints directory", DefaultValueFactory = _ => "./data/agent" };
        var spoolDir = new Option<string?>("--spool-dir") { Description = "Disk spool directory (default: STATE/spool)" };
        var spoolMax = new Option<long>("--spool-max-mb") { Description = "Largest spool size; when full, tailing pauses", DefaultValueFactory = _ => 1024 };
        var dataset = new Option<string>("--dataset") { Description = "event.dataset / data_stream.dataset of log events", DefaultValueFactory = _ => "generic" };
        var ns = new Option<string>("--namespace") { Description = "data_stream.namespace", DefaultValueFactory = _ => "default" };
        var service = new Option<string?>("--service") { Description = "service.name put on every log event" };
        var host = new Option<string>("--host-name") { Description = "host.name (default: the machine name)", DefaultValueFactory = _ => Environment.MachineName };
        var multiline = new Option<string?>("--multiline") { Description = "Multiline preset: python, java or go" };
        var metricsInterval = new Option<TimeSpan>("--metrics-interval") { Description = "Node/GPU metrics interval (0 disables metrics)", DefaultValueFactory = _ => TimeSpan.FromSeconds(10) };
        var procRoot = new Option<string>("--proc-root") { Description = "The /proc node metrics are read from (in a container with the host's root mounted, give --hostfs instead)", DefaultValueFactory = _ => "/proc" };
        var hostFs = new Option<string?>("--hostfs") { Description = "The host's root file system mounted into this container, e.g. /hostfs: node metrics from HOSTFS/proc, network and mounts of the host's pid 1, file systems measured under HOSTFS (obs.yml agent.metrics.host_fs)" };
        var simulate = new Option<int>("--simulate-gpus") { Description = "Emit N simulated GPUs (documents carry gpu.simulated: true)" };
        var protocol = new Option<SecurityProtocol>("--kafka-security-protocol") { Description = "Plaintext, Ssl, SaslPlaintext or SaslSsl", DefaultValueFactory = _ => SecurityProtocol.Plaintext };
        var mechanism = new Option<SaslMechanism?>("--kafka-sasl-mechanism") { Description = "Plain, ScramSha256, ScramSha512 or OAuthBearer" };
        var user = new Option<string?>("--kafka-sasl-username") { Description = "SASL user name" };
        var passwordFile = new Option<FileInfo?>("--kafka-sasl-password-file") { Description = "File holding the SASL password (or set OBS_KAFKA_SASL_PASSWORD)" };
        var ca = new Option<string?>("--kafka-ca") { Description = "CA bundle (PEM) to verify the brokers" };
        var cert = new Option<string?>("--kafka-cert") { Description = "Client certificate (PEM) for mutual TLS" };
        var key = new Option<string?>("--kafka-key") { Description = "Client key (PEM) for mutual TLS" };
        var confluent = new Option<bool>("--kafka-confluent-producer") { Description = "Produce with Confluent.Kafka's per-message API instead of librdkafka directly (Kafka:BatchProduce=false)" };
        var cmd = new Command("agent", "Run the node agent: tail log files and sample node/GPU metrics into Kafka, with a disk spool for outages.");
        foreach (var o in new Option[] { kafka, logs, exclude, state, spoolDir, spoolMax, dataset, ns, service, host, multiline, metricsInterval, procRoot, hostFs, simulate, protocol, mechanism, user, passwordFile, ca, cert, key, confluent })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var stateDir = r.GetValue(state)!;
            var files = new FileInputOptions
            {
                Exclude = [.. r.GetValue(exclude) ?? []],
                CheckpointDirectory = stateDir,
                Dataset = r.GetValue(dataset)!,
                Namespace = r.GetValue(ns)!,
                ServiceName = r.GetValue(service),
                HostName = r.GetValue(host)!,
                Multiline = r.GetValue(multiline) is { } preset ? new MultilineOptions { Preset = preset } : null,
            };
            foreach (var glob in r.GetValue(logs) ?? [])
            {
                files.AddLogsArgument(glob);
            }

            var metrics = new MetricsOptions
            {
                HostName = r.GetValue(host)!,
                Namespace = r.GetValue(ns)!,
                Interval = r.GetValue(metricsInterval) is var i && i > TimeSpan.Zero ? i : TimeSpan.FromSeconds(10),
                SimulateGpus = r.GetValue(simulate),
                ProcRoot = r.GetValue(procRoot)!,
                HostFs = r.GetValue(hostFs),
            };
            var kafkaOptions = new KafkaOptions
            {
                BootstrapServers = r.GetValue(kafka)!,
                ClientId = "obs-agent",
                BatchProduce = !r.GetValue(confluent),
                SecurityProtocol = r.GetValue(protocol),
                SaslMechanism = r.GetValue(mechanism),
                SaslUsername = r.GetValue(user),
                SaslPassword = r.GetValue(passwordFile) is { } pf ? File.ReadAllText(pf.FullName).Trim() : Environment.GetEnvironmentVariable("OBS_KAFKA_SASL_PASSWORD"),
                SslCaLocation = r.GetValue(ca),
                SslCertificateLocation = r.GetValue(cert),
                SslKeyLocation = r.GetValue(key),
            };
            var spool = new SpoolOptions { Directory = r.GetValue(spoolDir) ?? Path.Combine(stateDir, "spool"), MaxBytes = r.GetValue(spoolMax) * 1024 * 1024 };
            var withMetrics = r.GetValue(metricsInterval) > TimeSpan.Zero;
            try
            {
                if (files.HasInputs)
                {
                    files.Validate();
                }

                metrics.Validate();
                kafkaOptions.Validate();
                spool.Validate();
                if (!files.HasInputs && !withMetrics)
                {
                    throw new ObsConfigException("--logs", "is needed: give --logs GLOB, or metrics with --metrics-interval > 0");
                }
            }
            catch (ObsConfigException ex)
            {
                await Console.Error.WriteLineAsync($"obs agent: invalid configuration: {ex.Message}");
                return 2;
            }

            return await RunAsync(files, metrics, withMetrics, kafkaOptions, spool, ct);
        });
        return [cmd];
    }

    private static async Task<int> RunAsync(FileInputOptions files, MetricsOptions metricsOptions, bool withMetrics, KafkaOptions kafkaOptions, SpoolOptions spoolOptions, CancellationToken ct)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss ").SetMinimumLevel(LogLevel.Information);
        builder.Services.Configure<HostOptions>(o =>
        {
            // Stop in reverse order and let the file agent wait for its batches in flight (acks=all) before the spool closes.
            o.ShutdownTimeout = TimeSpan.FromSeconds(90);
            o.ServicesStartConcurrently = false;
            o.ServicesStopConcurrently = false;
        });
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>(); // the obs command's token stops the host
        builder.Services.AddSingleton(TimeProvider.System);
        // Kafka:BatchProduce picks the native batch producer; the spool in front of it keeps what Kafka cannot take yet.
        builder.Services.AddSingleton(sp => KafkaProducerFactory.Create(kafkaOptions, sp.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(sp => new SpoolingProducer(sp.GetRequiredService<IMessageProducer>(), spoolOptions, sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SpoolingProducer>>()));
        // Registered before the agents, so it stops after them and its last line has their final figures.
        builder.Services.AddHostedService(sp => new AgentStatusService(sp.GetService<FileAgent>, sp.GetRequiredService<SpoolingProducer>(),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("obs.agent")));
        builder.Services.AddAgent(files.HasInputs ? files : null, withMetrics ? metricsOptions : null, sp => sp.GetRequiredService<SpoolingProducer>(), sp =>
        {
            var spool = sp.GetRequiredService<SpoolingProducer>();
            return [new AgentSelfMetrics(() => sp.GetService<FileAgent>()?.Telemetry, () => sp.GetService<FileAgent>()?.Files ?? [],
                () => (spool.EventsSpooled, spool.EventsReplayed, spool.SpooledBytes, spool.EventsDeadLettered, spool.EventsDropped)), new SelfTelemetryMetrics("obs-agent")];
        });

        var host = builder.Build();
        var loops = host.Services.GetServices<IHostedService>().OfType<AgentHostedService>().ToList();
        await host.RunAsync(ct); // stops, then disposes the agents, the spool and the producer in that order
        // A loop that ended on an error stopped the host (BackgroundServiceExceptionBehavior.StopHost) and logged it.
        return loops.Any(s => s.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
    }

    /// <summary>Logs the agent's figures and the spool's every 10 s, and once more when the agents have stopped.</summary>
    private sealed class AgentStatusService(Func<FileAgent?> files, SpoolingProducer spool, ILogger log) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (!stoppingToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(10), stoppingToken);
                    log.LogInformation("{Stats} spool_batches={SpoolBatches} spooled={Spooled} replayed={Replayed}",
                        files()?.Telemetry.ToString() ?? "no files", spool.SpooledBatches, spool.EventsSpooled, spool.EventsReplayed);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public override async Task StopAsync(CancellationToken cancellationToken)
        {
            await base.StopAsync(cancellationToken);
            log.LogInformation("Agent stopped: {Stats}; spool holds {Batches} batches", files()?.Telemetry.ToString() ?? "no files", spool.SpooledBatches);
        }
    }
}
