namespace Observability.Detection.Benchmarks.Incidents;

public enum IncidentKind
{
    ThermalRunaway,
    MemoryLeak,
    StuckUtilisation,
    Straggler,
    LossSpike,
    DataLoaderStall,
}
