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
        Bench.EndToEndBench.Create(),
        Bench.ShipBench.Create(),
        Bench.SearchBench.Create(),
        Bench.ConsoleBench.Create(),
        Bench.NodeMetricsBench.Create(),
        Bench.GpuBench.Create(),
        Bench.AgentDurabilityBench.Create(),
        Bench.AgentKillBench.Create(),
        Bench.EsBulkBench.Create(),
        Bench.DetectBench.Create(),
        Bench.IncidentsBench.Create(),
        Bench.PipelinesBench.Create(),
        Bench.PatternsBench.Create(),
        Bench.ReportBench.Create(),
        Bench.TrainBench.Create(),
        Bench.SchedulerBench.Create(),
    ];
}
