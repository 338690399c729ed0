using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs report.</summary>
internal static class ReportCommands
{
    public static IEnumerable<Command> Create() => [];
}
