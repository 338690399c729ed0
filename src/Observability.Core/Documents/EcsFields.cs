namespace Observability.Core.Documents;

/// <summary>ECS field names used across the stack, spelled once.</summary>
public static class EcsFields
{
    public const string Timestamp = "@timestamp";
    public const string Message = "message";
    public const string Tags = "tags";
    public const string LogLevel = "log.level";
    public const string LogFilePath = "log.file.path";
    public const string LogOffset = "log.offset";
    public const string HostName = "host.name";
    public const string ServiceName = "service.name";
    public const string TraceId = "trace.id";
    public const string SpanId = "span.id";
    public const string EventId = "event.id";
    public const string EventDataset = "event.dataset";
    public const string EventKind = "event.kind";
    public const string EventOriginal = "event.original";
    public const string EventIngested = "event.ingested";
    public const string EventCreated = "event.created";
    public const string EventDuration = "event.duration";
    public const string DataStreamType = "data_stream.type";
    public const string DataStreamDataset = "data_stream.dataset";
    public const string DataStreamNamespace = "data_stream.namespace";
    public const string ErrorMessage = "error.message";
    public const string AgentType = "agent.type";
    public const string AgentName = "agent.name";
    public const string AgentVersion = "agent.version";
    public const string EcsVersion = "ecs.version";

    /// <summary>The ECS version our documents declare in <c>ecs.version</c>.</summary>
    public const string CurrentEcsVersion = "8.17.0";
}
