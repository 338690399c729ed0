using System.CommandLine;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench …</c>: each area's benchmark lives in its own file beside this one and is listed here.
/// </summary>
internal static class BenchCommands
{
    public static IEnumerable<Command> Create() =>
    [
        // ship, e2e: foundation/agent; search: KQL; pipelines; train; detect, incidents; report
        EndToEndBench.Create(),
        ShipBench.Create(),
        SearchBench.Create(),
        ConsoleBench.Create(),
        NodeMetricsBench.Create(),
        GpuBench.Create(),
        AgentDurabilityBench.Create(),
        AgentKillBench.Create(),
        EsBulkBench.Create(),
        DetectBench.Create(),
        IncidentsBench.Create(),
        PipelinesBench.Create(),
        PatternsBench.Create(),
        ReportBench.Create(),
        TrainBench.Create(),
        SchedulerBench.Create(),
    ];
}
