using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs agent (node agent service).</summary>
internal static class AgentCommands
{
    public static IEnumerable<Command> Create() => [];
}
