using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>obs pipelines, obs patterns.</summary>
internal static class PipelineCommands
{
    public static IEnumerable<Command> Create() => [];
}
