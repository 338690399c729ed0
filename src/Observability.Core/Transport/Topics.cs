namespace Observability.Core.Transport;

/// <summary>Topic names, shared by Kafka and the in-process transport.</summary>
public static class Topics
{
    public const string Logs = "obs.logs";
    public const string Metrics = "obs.metrics";
    public const string Traces = "obs.traces";
    public const string Alerts = "obs.alerts";
    public const string DeadLetter = "obs.deadletter";
    public const string TrainJobs = "train.jobs";
    public const string TrainAssignments = "train.assignments";
    public const string TrainHeartbeats = "train.heartbeats";
    public const string TrainEvents = "train.events";

    /// <summary>Compacted: each report schedule's last handled fire time, so the next holder of the reports' lease knows what ran.</summary>
    public const string ReportSchedules = "obs.report-schedules";
}
