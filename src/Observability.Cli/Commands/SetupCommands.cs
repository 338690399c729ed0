using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs setup elasticsearch|kibana.</summary>
internal static class SetupCommands
{
    public static IEnumerable<Command> Create() => [];
}
