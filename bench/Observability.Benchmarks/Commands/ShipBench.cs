using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Core.Options;
using Observability.Core.Telemetry;
using Observability.Core.Transport;
using Observability.Transport.Kafka;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench ship</c>: ships one file through the agent's real path (tailer, ECS envelope, Kafka producer with
/// acks=all, checkpoint advanced on acknowledgement) and exits when every line is acknowledged.
/// </summary>
internal static class ShipBench
{
    public static Command Create()
    {
        var file = new Option<FileInfo>("--file") { Description = "File to ship (e.g. from bench/peers/genlog.py)", Required = true };
        var bootstrap = new Option<string>("--bootstrap") { Description = "Kafka bootstrap servers", Required = true };
        var topic = new Option<string>("--topic") { Description = "Topic to produce to", DefaultValueFactory = _ => "obs.logs" };
        var noKafka = new Option<bool>("--no-kafka") { Description = "Diagnostics: acknowledge every batch at once instead of producing (measures the agent alone)" };
        var confluent = new Option<bool>("--confluent") { Description = "Produce with Confluent.Kafka's per-message API (KafkaMessageProducer, Kafka:BatchProduce=false) instead of the native batch producer" };
        var cmd = new Command("ship", "Ship a file through the agent path into Kafka; last line: lines= wall_s= cpu_s= lines_per_s= cpu_us_per_line= rss_mb= producer=");
        cmd.Options.Add(file);
        cmd.Options.Add(bootstrap);
        cmd.Options.Add(topic);
        cmd.Options.Add(noKafka);
        cmd.Options.Add(confluent);
        var batchLines = new Option<int>("--batch-lines") { Description = "Events per batch", DefaultValueFactory = _ => new FileInputOptions().MaxBatchLines };
        var inFlight = new Option<int>("--in-flight") { Description = "Batches in flight", DefaultValueFactory = _ => new FileInputOptions().MaxInFlightBatches };
        var compression = new Option<Confluent.Kafka.CompressionType>("--compression") { Description = "Kafka compression codec (the agent's default: Lz4)", DefaultValueFactory = _ => new KafkaOptions().Compression };
        cmd.Options.Add(batchLines);
        cmd.Options.Add(inFlight);
        cmd.Options.Add(compression);
        var set = new Option<string[]>("-X") { Description = "A librdkafka setting for the producer, KEY=VALUE (repeatable; as kcat -X)", AllowMultipleArgumentsPerToken = false };
        cmd.Options.Add(set);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
            await RunAsync(r.GetValue(file)!, r.GetValue(bootstrap)!, r.GetValue(topic)!, r.GetValue(noKafka), r.GetValue(confluent), r.GetValue(batchLines), r.GetValue(inFlight), r.GetValue(compression), r.GetValue(set) ?? [], ct));
        return cmd;
    }

    private static async Task<int> RunAsync(FileInfo file, string bootstrap, string topic, bool noKafka, bool confluent, int batchLines, int inFlight, Confluent.Kafka.CompressionType compression, string[] settings, CancellationToken ct)
    {
        if (!file.Exists)
        {
            await Console.Error.WriteLineAsync($"--file: {file.FullName} does not exist");
            return 2;
        }

        var kafka = new KafkaOptions { BootstrapServers = bootstrap, ClientId = "obs-bench-ship", BatchProduce = !confluent, Compression = compression };
        foreach (var setting in settings)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                await Console.Error.WriteLineAsync($"-X {setting}: expected KEY=VALUE");
                return 2;
            }

            kafka.Extra[setting[..eq]] = setting[(eq + 1)..];
        }

        try
        {
            kafka.Validate();
        }
        catch (ObsConfigException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }

        var state = Directory.CreateTempSubdirectory("obs-bench-ship-");
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        var proc = Process.GetCurrentProcess();
        var cpu0 = proc.TotalProcessorTime;
        var gc0 = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var wall = Stopwatch.StartNew();
        var size = file.Length;
        long lines;
        await using (IMessageProducer producer = noKafka
            ? new DiscardingProducer()
            : KafkaProducerFactory.Create(kafka, loggers))
        {
            var options = new FileInputOptions
            {
                Include = [file.FullName],
                CheckpointDirectory = state.FullName,
                Topic = topic,
                MaxBatchLines = batchLines,
                MaxInFlightBatches = inFlight,
                HostName = Environment.MachineName,
            };
            await using var agent = new FileAgent(options, producer, TimeProvider.System, NullLogger<FileAgent>.Instance);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var run = agent.RunAsync(stop.Token);
            while (!ct.IsCancellationRequested && !run.IsCompleted)
            {
                var files = agent.Files;
                if (files.Count == 1 && files[0].AckedOffset >= size)
                {
                    break;
                }

                await Task.Delay(20, CancellationToken.None);
            }

            await stop.CancelAsync();
            await run;
            lines = agent.Telemetry.Value(TelemetryNames.Sent);
        }

        wall.Stop();
        proc.Refresh();
        var cpu = (proc.TotalProcessorTime - cpu0).TotalSeconds;
        var rssMb = proc.PeakWorkingSet64 / 1024.0 / 1024.0;
        state.Delete(recursive: true);
        var w = wall.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"lines={lines} wall_s={w:F2} cpu_s={cpu:F2} lines_per_s={lines / w:F0} cpu_us_per_line={cpu * 1e6 / Math.Max(1, lines):F2} rss_mb={rssMb:F0} producer={(noKafka ? "none" : confluent ? "confluent" : "native")} compression={compression.ToString().ToLowerInvariant()} gc={GC.CollectionCount(0) - gc0.Item1}/{GC.CollectionCount(1) - gc0.Item2}/{GC.CollectionCount(2) - gc0.Item3}"));
        return 0;
    }

    /// <summary>Acknowledges at once: isolates the agent's own cost from the transport's (labelled as such).</summary>
    private sealed class DiscardingProducer : IMessageProducer
    {
        public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
