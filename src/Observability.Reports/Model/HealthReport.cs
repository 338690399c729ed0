namespace Observability.Reports.Model;

/// <summary>One health report: every figure of every section, for the period and the previous period.</summary>
public sealed record HealthReport(
    string Id,
    string Name,
    DateTimeOffset GeneratedAt,
    ReportPeriod Period,
    FleetSection Fleet,
    GpuSection Gpus,
    LogSection Logs,
    AlertSection Alerts,
    AnomalySection Anomalies,
    TrainingSection Training,
    PipelineSection Pipeline);
