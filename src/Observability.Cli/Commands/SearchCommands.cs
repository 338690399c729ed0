using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs search, obs tail.</summary>
internal static class SearchCommands
{
    public static IEnumerable<Command> Create() => [];
}
