using System.CommandLine;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Options;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;
using Observability.Pipelines.Patterns;
using Observability.Pipelines.Tools;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary>obs pipelines, obs patterns.</summary>
internal static class PipelineCommands
{
    public static IEnumerable<Command> Create() => [Pipelines(), Patterns()];

    private static Command Pipelines()
    {
        var cmd = new Command("pipelines", "Develop and check the processing pipelines (pipelines/*.yml).");
        cmd.Subcommands.Add(Test());
        cmd.Subcommands.Add(Validate());
        return cmd;
    }

    private static Command Test()
    {
        var file = new Argument<FileInfo>("FILE.yml") { Description = "The pipeline file to run." };
        var input = new Option<FileInfo>("--input") { Description = "Sample input: one log line per line (or ECS JSON documents with --documents).", Required = true };
        var dataset = new Option<string?>("--dataset") { Description = "event.dataset to give each sample event (pipeline conditions often select on it)." };
        var documents = new Option<bool>("--documents") { Description = "Each input line is a whole ECS JSON document, not a message." };
        var cmd = new Command("test", "Run one pipeline over sample input and show input and output documents side by side.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(input);
        cmd.Options.Add(dataset);
        cmd.Options.Add(documents);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var path = r.GetValue(file)!.FullName;
            var sample = r.GetValue(input)!;
            if (!sample.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]input file {sample.FullName} does not exist[/]");
                return Task.FromResult(2);
            }

            try
            {
                var table = new Table().Border(TableBorder.Rounded).Expand();
                table.AddColumn("#");
                table.AddColumn("input");
                table.AddColumn("output");
                int cases = 0, applied = 0, dropped = 0, failed = 0;
                foreach (var c in PipelineTester.Run(path, File.ReadLines(sample.FullName), r.GetValue(dataset), r.GetValue(documents)))
                {
                    ct.ThrowIfCancellationRequested();
                    cases++;
                    applied += c.Applied ? 1 : 0;
                    dropped += c.Output is null ? 1 : 0;
                    failed += c.Output?.GetString(EcsFields.ErrorMessage) is not null ? 1 : 0;
                    var output = c.Output is null ? new Text("(dropped)", new Style(Color.Yellow))
                        : new Text((c.Applied ? string.Empty : "(condition not matched: only redaction ran)\n") + Indented(c.Output));
                    table.AddRow(new Text(c.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(Indented(c.Input)), output);
                }

                AnsiConsole.Write(table);
                AnsiConsole.MarkupLineInterpolated($"events={cases} matched={applied} dropped={dropped} with_errors={failed}");
                return Task.FromResult(0);
            }
            catch (PipelineDefinitionException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return Task.FromResult(1);
            }
            catch (JsonException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]input is not ECS JSON: {e.Message}[/]");
                return Task.FromResult(2);
            }
        });
        return cmd;
    }

    private static Command Validate()
    {
        var dir = new Argument<DirectoryInfo>("DIR") { Description = "Pipeline directory.", DefaultValueFactory = _ => new DirectoryInfo("pipelines") };
        var cmd = new Command("validate", "Load and compile every pipeline file; report the first error of each with its file, line and key.");
        cmd.Arguments.Add(dir);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var d = r.GetValue(dir)!;
            if (!d.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{d.FullName} does not exist[/]");
                return Task.FromResult(2);
            }

            var compiler = new PipelineCompiler();
            var bad = 0;
            foreach (var f in d.EnumerateFiles("*.y*ml").OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                try
                {
                    var p = compiler.CompileFile(f.FullName);
                    AnsiConsole.MarkupLineInterpolated($"[green]ok[/]    {f.Name} ({p.Name})");
                }
                catch (PipelineDefinitionException e)
                {
                    bad++;
                    AnsiConsole.MarkupLineInterpolated($"[red]error[/] {e.Message}");
                }
            }

            return Task.FromResult(bad == 0 ? 0 : 1);
        });
        return cmd;
    }

    private static Command Patterns()
    {
        var file = new Option<FileInfo>("--file") { Description = "A plain log file, one event per line.", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for templates.csv and assignments.csv.", Required = true };
        var similarity = new Option<double>("--similarity") { Description = "Drain similarity threshold (0-1).", DefaultValueFactory = _ => 0.5 };
        var depth = new Option<int>("--depth") { Description = "Drain tree depth.", DefaultValueFactory = _ => 4 };
        var cmd = new Command("patterns", "Mine log templates (Drain) from a file, its header learned from its first lines: templates.csv (id, template, count) and assignments.csv (line, id).");
        cmd.Options.Add(file);
        cmd.Options.Add(output);
        cmd.Options.Add(similarity);
        cmd.Options.Add(depth);
        cmd.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var f = r.GetValue(file)!;
            if (!f.Exists)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{f.FullName} does not exist[/]");
                return Task.FromResult(2);
            }

            DrainOptions options;
            try
            {
                options = new DrainOptions { Similarity = r.GetValue(similarity), Depth = r.GetValue(depth) };
                options.Validate();
            }
            catch (ObsConfigException e)
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{e.Message}[/]");
                return Task.FromResult(2);
            }

            var result = PatternFileMiner.Mine(File.ReadLines(f.FullName), options);
            var dir = r.GetValue(output)!.FullName;
            PatternFileMiner.WriteCsv(result, dir);
            var top = new Table().Border(TableBorder.Rounded);
            top.AddColumn("count");
            top.AddColumn("id");
            top.AddColumn("template");
            foreach (var c in result.Templates.OrderByDescending(c => c.Count).Take(10))
            {
                top.AddRow(new Text(c.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)), new Text(c.Id), new Text(c.Template));
            }

            AnsiConsole.Write(top);
            AnsiConsole.MarkupLineInterpolated($"lines={result.Lines} templates={result.Templates.Count} {result.Header} out={dir}");
            return Task.FromResult(0);
        });
        return cmd;
    }

    private static string Indented(EcsDocument doc)
    {
        using var json = JsonDocument.Parse(EcsJson.ToUtf8(doc));
        return JsonSerializer.Serialize(json.RootElement, IndentedOptions);
    }

    private static readonly JsonSerializerOptions IndentedOptions = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
