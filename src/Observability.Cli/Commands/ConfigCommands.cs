using System.CommandLine;
using Observability.Cli.Configuration;
using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Reports.Scheduling;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary>obs config reference, obs config metrics, obs config check.</summary>
internal static class ConfigCommands
{
    public static IEnumerable<Command> Create()
    {
        var cmd = new Command("config", "The obs.yml configuration: every key, and checking a file before obs up reads it.");
        cmd.Subcommands.Add(Reference());
        cmd.Subcommands.Add(Metrics());
        cmd.Subcommands.Add(Check());
        return [cmd];
    }

    private static Command Reference()
    {
        var cmd = new Command("reference", "Print every obs.yml key with its type, default and description (Markdown; docs/configuration.md is this output).");
        cmd.SetAction((ParseResult _) =>
        {
            Console.Out.Write(ConfigurationReference.Markdown());
            return 0;
        });
        return cmd;
    }

    private static Command Metrics()
    {
        var cmd = new Command("metrics", "Print every metric the agent, workers and scheduler emit: unit, type, role, OpenTelemetry name, reader (Markdown; docs/metrics.md is this output).");
        cmd.SetAction((ParseResult _) =>
        {
            Console.Out.Write(Core.Metrics.MetricReference.Markdown());
            return 0;
        });
        return cmd;
    }

    private static Command Check()
    {
        var config = new Option<string>("--config") { Description = "The obs.yml to check", Required = true };
        var data = DataDirectoryOption.Create();
        var cmd = new Command("check", "Bind and validate every section of an obs.yml as obs up would, without starting anything; exit 1 naming the first bad key.");
        cmd.Options.Add(config);
        cmd.Options.Add(data);
        cmd.SetAction((ParseResult r) =>
        {
            var path = r.GetValue(config)!;
            try
            {
                var loaded = UpOptionsLoader.Load(new UpSettings { ConfigFile = path, DataDirectory = r.GetValue(data)! });
                _ = UpDetection.Load(loaded.Configuration);
                ObsConfiguration.Bind<ReportsOptions>(loaded.Configuration, "reports").Validate();
                Console.WriteLine($"{path}: ok ({Sections(loaded.Configuration)})");
                return 0;
            }
            catch (ObsConfigException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{path}: {e.Message}[/]");
                return 1;
            }
        });
        return cmd;
    }

    /// <summary>The top-level sections the file sets, so "ok" says what was looked at.</summary>
    private static string Sections(Microsoft.Extensions.Configuration.IConfiguration configuration)
    {
        var known = ConfigurationReference.Sections.Select(s => s.Name.Split('.')[0]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var written = configuration.GetChildren().Select(c => c.Key).Where(known.Contains).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        return written.Count == 0 ? "no sections: every default" : "sections " + string.Join(", ", written);
    }
}
