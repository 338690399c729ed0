using System.CommandLine;
using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Storage.Elasticsearch;

namespace Observability.Cli.Commands;

/// <summary>obs up (embedded services), query API.</summary>
internal static class UpCommands
{
    public static IEnumerable<Command> Create()
    {
        var logs = new Option<string[]>("--logs") { Description = "Glob of log files to tail (repeatable), e.g. '/var/log/train/*.log'; DATASET=GLOB gives them their own event.dataset (the pipelines select on it), e.g. training='/var/log/train/*.log' kernel=/var/log/kern.log", AllowMultipleArgumentsPerToken = false };
        var data = DataDirectoryOption.Create("Data directory: the DuckDB store, agent checkpoints, obs-up.json");
        var kafka = new Option<string?>("--kafka") { Description = "Kafka bootstrap servers: put Kafka between the agent and the indexer" };
        var es = new Option<string?>("--es") { Description = $"Store into Elasticsearch at this URL (comma-separated nodes) instead of DuckDB; credentials from {ElasticsearchOptions.ApiKeyVariable} or {ElasticsearchOptions.UsernameVariable}/{ElasticsearchOptions.PasswordVariable}" };
        var esApiKey = new Option<string?>("--es-api-key") { Description = $"Encoded API key (env {ElasticsearchOptions.ApiKeyVariable}); prefer the environment, arguments show in ps" };
        var esUser = new Option<string?>("--es-user") { Description = $"User for basic auth (env {ElasticsearchOptions.UsernameVariable}); the password only from {ElasticsearchOptions.PasswordVariable}" };
        var esCaFingerprint = new Option<string?>("--es-ca-fingerprint") { Description = $"SHA-256 fingerprint of the cluster CA (env {ElasticsearchOptions.CaFingerprintVariable})" };
        var esCaCert = new Option<string?>("--es-ca-cert") { Description = $"PEM file of the cluster CA (env {ElasticsearchOptions.CaCertificateVariable})" };
        var demo = new Option<bool>("--demo") { Description = "Write a sample GPU-cluster log stream under the data directory and tail it" };
        var noMetrics = new Option<bool>("--no-metrics") { Description = "Do not sample this machine's node and GPU metrics (on by default, as obs agent does; obs.yml agent.metrics sets the interval)" };
        var hostFs = new Option<string?>("--hostfs") { Description = "The host's root file system mounted into this container, e.g. /hostfs: node metrics describe the host, not the container (obs.yml agent.metrics.host_fs)" };
        var maxAge = new Option<string?>("--retention-max-age") { Description = "Drop stored documents whose @timestamp is older than this, e.g. 7d or 36h (obs.yml store.retention.max_age)" };
        var maxSize = new Option<string?>("--retention-max-size") { Description = "Drop the oldest hours of stored documents while the data exceeds this, e.g. 10GB (obs.yml store.retention.max_size)" };
        var roles = new Option<string[]>("--roles") { Description = "Run only these services, comma-separated: indexer,detector,scheduler,reports,api (default all; a subset needs --kafka; obs.yml roles)" };
        var config = new Option<string?>("--config") { Description = "obs.yml with indexer, store.duckdb, transport.in_process, agent.files and kafka sections" };
        var cmd = new Command("up", "Run agent, indexer, store and query API in one process (Ctrl+C stops cleanly).");
        cmd.Options.Add(logs);
        cmd.Options.Add(data);
        cmd.Options.Add(kafka);
        cmd.Options.Add(es);
        cmd.Options.Add(esApiKey);
        cmd.Options.Add(esUser);
        cmd.Options.Add(esCaFingerprint);
        cmd.Options.Add(esCaCert);
        cmd.Options.Add(demo);
        cmd.Options.Add(noMetrics);
        cmd.Options.Add(hostFs);
        cmd.Options.Add(maxAge);
        cmd.Options.Add(maxSize);
        cmd.Options.Add(roles);
        cmd.Options.Add(config);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var settings = new UpSettings
            {
                LogGlobs = [.. r.GetValue(logs) ?? []],
                DataDirectory = r.GetValue(data) ?? DataDirectoryOption.Default,
                KafkaBootstrap = r.GetValue(kafka),
                EsUrl = r.GetValue(es),
                EsApiKey = r.GetValue(esApiKey),
                EsUser = r.GetValue(esUser),
                EsCaFingerprint = r.GetValue(esCaFingerprint),
                EsCaCert = r.GetValue(esCaCert),
                Demo = r.GetValue(demo),
                Metrics = !r.GetValue(noMetrics),
                HostFs = r.GetValue(hostFs),
                ConfigFile = r.GetValue(config),
                Roles = [.. r.GetValue(roles) ?? []],
                RetentionMaxAge = r.GetValue(maxAge),
                RetentionMaxSize = r.GetValue(maxSize),
            };

            UpApplication app;
            try
            {
                app = UpApplication.Create(settings);
            }
            catch (ObsConfigException e)
            {
                await Console.Error.WriteLineAsync($"obs up: configuration error: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store is locked by another process, a pipeline file does not compile, …: say what, not how.
                await Console.Error.WriteLineAsync($"obs up: {e.Message}");
                return 1;
            }

            await using (app)
            {
                if (settings.LogGlobs.Count == 0 && !settings.Demo)
                {
                    await Console.Error.WriteLineAsync("obs up: no --logs given and no --demo: running indexer, store and query API only");
                }

                // Printed, not logged: the link carries the token, and logs are stored and shipped.
                await app.RunAsync(ct, started => Console.Error.WriteLine($"obs up: web console {started.ConsoleLoginUrl}"));
                // The final figures, after every service stopped and the indexer drained.
                Console.Out.WriteLine(app.Status.ToPlainLine().Replace("status ", "stopped ", StringComparison.Ordinal));
            }

            return 0;
        });
        return [cmd];
    }
}
