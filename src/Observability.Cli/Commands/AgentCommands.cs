using System.CommandLine;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Agent.Spool;
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
        var procRoot = new Option<string>("--proc-root") { Description = "The /proc node metrics are read from (a host's /proc mounted into a container, e.g. /host/proc)", DefaultValueFactory = _ => "/proc" };
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
        foreach (var o in new Option[] { kafka, logs, exclude, state, spoolDir, spoolMax, dataset, ns, service, host, multiline, metricsInterval, procRoot, simulate, protocol, mechanism, user, passwordFile, ca, cert, key, confluent })
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
                    throw new OptionsValidationException("Agent", typeof(FileInputOptions), ["Agent:Files:Include: give --logs GLOB, or metrics with --metrics-interval > 0"]);
                }
            }
            catch (OptionsValidationException ex)
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
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss ").SetMinimumLevel(LogLevel.Information));
        var log = loggers.CreateLogger("obs.agent");
        var time = TimeProvider.System;
        await using var kafka = KafkaProducerFactory.Create(kafkaOptions, loggers); // Kafka:BatchProduce picks the native batch producer
        await using var spool = new SpoolingProducer(kafka, spoolOptions, time, loggers.CreateLogger<SpoolingProducer>());
        await using var fileAgent = files.HasInputs ? new FileAgent(files, spool, time, loggers.CreateLogger<FileAgent>()) : null;
        IMetricSource[] self = [new AgentSelfMetrics(() => fileAgent?.Telemetry, () => fileAgent?.Files ?? [], () => (spool.EventsSpooled, spool.EventsReplayed, spool.SpooledBytes, spool.EventsDeadLettered, spool.EventsDropped)), new SelfTelemetryMetrics("obs-agent")];
        await using var metricsAgent = withMetrics ? new MetricsAgent(metricsOptions, spool, time, loggers.CreateLogger<MetricsAgent>(), self) : null;

        var tasks = new List<Task>();
        if (fileAgent is not null)
        {
            tasks.Add(fileAgent.RunAsync(ct));
        }

        if (metricsAgent is not null)
        {
            tasks.Add(metricsAgent.RunAsync(ct));
        }

        tasks.Add(StatusAsync(log, fileAgent, spool, ct));
        await Task.WhenAll(tasks);
        log.LogInformation("Agent stopped: {Stats}; spool holds {Batches} batches", fileAgent?.Telemetry.ToString() ?? "no files", spool.SpooledBatches);
        return 0;
    }

    private static async Task StatusAsync(ILogger log, FileAgent? files, SpoolingProducer spool, CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                log.LogInformation("{Stats} spool_batches={SpoolBatches} spooled={Spooled} replayed={Replayed}",
                    files?.Telemetry.ToString() ?? "no files", spool.SpooledBatches, spool.EventsSpooled, spool.EventsReplayed);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
