namespace Observability.Training.Protocol;

public static class TrainMessageTypes
{
    public const string Submit = "submit";
    public const string Cancel = "cancel";
    public const string Heartbeat = "heartbeat";
    public const string RankReport = "rank-report";
    public const string Assign = "assign";
    public const string Stop = "stop";

    // rank report kinds
    public const string Started = "started";
    public const string Progress = "progress";
    public const string Checkpoint = "checkpoint";
    public const string Exited = "exited";

    // stop reasons
    public const string StopPreempt = "preempt";
    public const string StopCancel = "cancel";
}
