using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs jobs, scheduler and worker services.</summary>
internal static class JobCommands
{
    public static IEnumerable<Command> Create() => [];
}
