using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>obs bench …</c>: each area's benchmark lives in its own file under Commands/Bench and is listed here.
/// </summary>
internal static class BenchCommands
{
    public static IEnumerable<Command> Create() =>
    [
        // ship, e2e: foundation/agent; search: KQL; pipelines; train; detect, incidents; report
        Bench.TrainBench.Create(),
    ];
}
