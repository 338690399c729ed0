using System.CommandLine;
using Observability.Core.Options;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Elasticsearch.Kibana;
using Observability.Storage.Elasticsearch.Setup;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary>obs setup elasticsearch|kibana.</summary>
internal static class SetupCommands
{
    public static IEnumerable<Command> Create()
    {
        var setup = new Command("setup", "Install Elasticsearch templates and ILM, and import Kibana dashboards.");
        setup.Subcommands.Add(Elasticsearch());
        setup.Subcommands.Add(Kibana());
        return [setup];
    }

    /// <summary>The connection options both subcommands share; values left out come from OBS_ES_* / OBS_KIBANA_*.</summary>
    private static (Option<string> Es, Option<string> ApiKey, Option<string> User, Option<string> CaFingerprint, Option<string> CaCert) EsOptions() => (
        new Option<string>("--es") { Description = $"Elasticsearch URL(s), comma-separated (env {ElasticsearchOptions.UrlVariable})" },
        new Option<string>("--es-api-key") { Description = $"Encoded API key (env {ElasticsearchOptions.ApiKeyVariable}); prefer the environment, arguments show in ps" },
        new Option<string>("--es-user") { Description = $"User for basic auth; the password only from {ElasticsearchOptions.PasswordVariable}" },
        new Option<string>("--es-ca-fingerprint") { Description = $"SHA-256 fingerprint of the cluster CA (env {ElasticsearchOptions.CaFingerprintVariable})" },
        new Option<string>("--es-ca-cert") { Description = $"PEM file of the cluster CA (env {ElasticsearchOptions.CaCertificateVariable})" });

    private static ElasticsearchOptions Build(ParseResult r, (Option<string> Es, Option<string> ApiKey, Option<string> User, Option<string> CaFingerprint, Option<string> CaCert) o)
    {
        var options = new ElasticsearchOptions
        {
            ApiKey = r.GetValue(o.ApiKey),
            Username = r.GetValue(o.User),
            CaFingerprint = r.GetValue(o.CaFingerprint),
            CaCertificatePath = r.GetValue(o.CaCert),
        };
        options.AddUrls(r.GetValue(o.Es));
        return options.ApplyEnvironment();
    }

    private static Command Elasticsearch()
    {
        var o = EsOptions();
        var defaults = new ElasticsearchOptions();
        var retention = new Option<int>("--retention-days") { Description = "Days ILM keeps data after rollover", DefaultValueFactory = _ => defaults.RetentionDays };
        var alertRetention = new Option<int>("--alert-retention-days") { Description = "Days ILM keeps alert documents (obs-alerts-*) after rollover", DefaultValueFactory = _ => defaults.AlertRetentionDays };
        var cmd = new Command("elasticsearch", "Install the ILM policies, component and index templates (logs, metrics as TSDS, traces, alerts) and the obs-alerts rollover alias. Safe to run again: unchanged resources are not sent.");
        foreach (var opt in new Option[] { o.Es, o.ApiKey, o.User, o.CaFingerprint, o.CaCert, retention, alertRetention })
        {
            cmd.Options.Add(opt);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var options = Build(r, o);
                options.RetentionDays = r.GetValue(retention);
                options.AlertRetentionDays = r.GetValue(alertRetention);
                await using var store = ElasticsearchStore.Create(options);
                var outcomes = await store.Setup.ApplyAsync(ct);
                var table = new Table().AddColumns("kind", "name", "action");
                foreach (var x in outcomes)
                {
                    table.AddRow(x.Kind.ToString(), Markup.Escape(x.Name), x.Action.ToString());
                }

                AnsiConsole.Write(table);
                Console.WriteLine($"created={outcomes.Count(x => x.Action == SetupAction.Created)} updated={outcomes.Count(x => x.Action == SetupAction.Updated)} unchanged={outcomes.Count(x => x.Action == SetupAction.Unchanged)}");
                return 0;
            }
            catch (ObsConfigException e)
            {
                // A bad option, like every command's configuration errors: exit 2; the cluster's refusals below: 1.
                await Console.Error.WriteLineAsync($"obs setup elasticsearch: {e.Message}");
                return 2;
            }
            catch (ElasticsearchException e)
            {
                await Console.Error.WriteLineAsync($"obs setup elasticsearch: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }

    private static Command Kibana()
    {
        var o = EsOptions();
        var kibana = new Option<string>("--kibana") { Description = $"Kibana URL (env {KibanaOptions.UrlVariable})" };
        var kibanaKey = new Option<string>("--kibana-api-key") { Description = $"API key for Kibana (env {KibanaOptions.ApiKeyVariable}); defaults to the Elasticsearch credentials" };
        var space = new Option<string>("--space") { Description = "Kibana space (default space when omitted)" };
        var dir = new Option<string>("--dashboards") { Description = "Folder of *.ndjson saved objects", DefaultValueFactory = _ => "dashboards" };
        var cmd = new Command("kibana", "Import dashboards/*.ndjson (data views, Lens panels, dashboards) into Kibana with overwrite.");
        foreach (var opt in new Option[] { kibana, kibanaKey, space, dir, o.ApiKey, o.User, o.CaFingerprint, o.CaCert })
        {
            cmd.Options.Add(opt);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var es = new ElasticsearchOptions
                {
                    ApiKey = r.GetValue(o.ApiKey),
                    Username = r.GetValue(o.User),
                    CaFingerprint = r.GetValue(o.CaFingerprint),
                    CaCertificatePath = r.GetValue(o.CaCert),
                }.ApplyEnvironment();
                var options = new KibanaOptions
                {
                    Url = r.GetValue(kibana) is { Length: > 0 } k ? new Uri(k) : null,
                    ApiKey = r.GetValue(kibanaKey),
                    Space = r.GetValue(space),
                }.ApplyEnvironment(es);
                var files = Directory.Exists(r.GetValue(dir)!) ? Directory.GetFiles(r.GetValue(dir)!, "*.ndjson") : [];
                if (files.Length == 0)
                {
                    await Console.Error.WriteLineAsync($"obs setup kibana: no *.ndjson in '{r.GetValue(dir)}'");
                    return 1;
                }

                // Kibana's certificate is usually signed by the cluster CA: trust the same pinned CA.
                using var importer = new KibanaImporter(options, ElasticsearchConnection.CreateHandler(es));
                var result = await importer.ImportAsync(KibanaImporter.Bundle(files), ct);
                foreach (var e in result.Errors)
                {
                    await Console.Error.WriteLineAsync(e);
                }

                Console.WriteLine($"files={files.Length} imported={result.SuccessCount} errors={result.Errors.Count}");
                return result.Success ? 0 : 1;
            }
            catch (Exception e) when (e is ObsConfigException or UriFormatException)
            {
                await Console.Error.WriteLineAsync($"obs setup kibana: {e.Message}");
                return 2;
            }
            catch (Exception e) when (e is ElasticsearchException or HttpRequestException)
            {
                await Console.Error.WriteLineAsync($"obs setup kibana: {e.Message}");
                return 1;
            }
        });
        return cmd;
    }
}
