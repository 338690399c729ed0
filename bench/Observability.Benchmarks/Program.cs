using System.CommandLine;
using Observability.Benchmarks.Commands;
using Observability.Cli;

// obs-bench: the obs bench command tree, started by `obs bench …` (which forwards its arguments here) or on its own.
// Its help reads "obs bench" as before, without the root's --version.
var root = new RootCommand("Benchmarks that print their figures as a last line of key=value pairs.") { HelpName = "obs bench" };
foreach (var version in root.Options.OfType<VersionOption>().ToList())
{
    root.Options.Remove(version);
}

foreach (var command in BenchCommands.Create())
{
    root.Subcommands.Add(command);
}

using var signals = new ShutdownSignals();

// As in obs: no response files, and Ctrl+C is ShutdownSignals' (the benchmarks stop on its token).
var parsing = new ParserConfiguration { ResponseFileTokenReplacer = null };
return await root.Parse(args, parsing).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, signals.Token);
