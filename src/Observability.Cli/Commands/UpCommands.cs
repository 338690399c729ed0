using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs up (embedded services), query API.</summary>
internal static class UpCommands
{
    public static IEnumerable<Command> Create() => [];
}
