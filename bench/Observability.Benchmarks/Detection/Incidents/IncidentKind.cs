namespace Observability.Benchmarks.Detection.Incidents;

public enum IncidentKind
{
    ThermalRunaway,
    MemoryLeak,
    StuckUtilisation,
    Straggler,
    LossSpike,
    DataLoaderStall,
}
