using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs alerts, detector and alerter services.</summary>
internal static class AlertCommands
{
    public static IEnumerable<Command> Create() => [];
}
