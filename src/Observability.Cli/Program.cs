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

root.Subcommands.Add(BenchForwarding.Create());
using var signals = new ShutdownSignals();

// obs bench … belongs to obs-bench (bench/Observability.Benchmarks): every argument after "bench", --help included,
// goes to it unparsed.
if (args is [BenchForwarding.Name, .. var benchArguments])
{
    return await BenchForwarding.RunAsync(benchArguments, AppContext.BaseDirectory);
}

// No response files: "@timestamp >= now-1h" and "--sort @timestamp" are the most common arguments, and the
// library would read them as the file "timestamp >= now-1h".
var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
return await root.Parse(args, parsing).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
