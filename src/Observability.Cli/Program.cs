using System.CommandLine;
using Observability.Cli;
using Observability.Cli.Commands;

// The obs command. Each area contributes its commands from one file under Commands/.
var root = new RootCommand("Observability: logs, metrics, traces, alerts and reports for GPU training clusters.");
foreach (var command in UpCommands.Create()
    .Concat(SearchCommands.Create())
    .Concat(AgentCommands.Create())
    .Concat(SetupCommands.Create())
    .Concat(PipelineCommands.Create())
    .Concat(JobCommands.Create())
    .Concat(AlertCommands.Create())
    .Concat(ReportCommands.Create())
    .Concat(ConfigCommands.Create()))
{
    root.Subcommands.Add(command);
}

var bench = new Command("bench", "Benchmarks that print their figures as a last line of key=value pairs.");
foreach (var command in BenchCommands.Create())
{
    bench.Subcommands.Add(command);
}

root.Subcommands.Add(bench);
using var signals = new ShutdownSignals();

// No response files: "@timestamp >= now-1h" and "--sort @timestamp" are the most common arguments, and the
// library would read them as the file "timestamp >= now-1h".
var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
return await root.Parse(args, parsing).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
