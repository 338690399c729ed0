using Observability.Core.Documents;

namespace Observability.Training.Telemetry;

/// <summary>Skeletons of the ECS documents the training stack emits.</summary>
public static class TrainingDocuments
{
    public const string Dataset = "training";

    public static EcsDocument Metric(string serviceName, DateTimeOffset at) => Base(DataStream.Metrics, "metric", serviceName, at);

    public static EcsDocument Log(string serviceName, DateTimeOffset at, string level, string message)
    {
        var doc = Base(DataStream.Logs, "event", serviceName, at);
        doc[EcsFields.LogLevel] = level;
        doc.Message = message;
        return doc;
    }

    private static EcsDocument Base(string type, string kind, string serviceName, DateTimeOffset at)
    {
        var doc = new EcsDocument(32);
        doc.Timestamp = at;
        doc[EcsFields.EventKind] = kind;
        doc[EcsFields.EventDataset] = Dataset;
        doc[EcsFields.ServiceName] = serviceName;
        doc[EcsFields.HostName] = Environment.MachineName;
        doc[EcsFields.DataStreamType] = type;
        doc[EcsFields.DataStreamDataset] = Dataset;
        doc[EcsFields.DataStreamNamespace] = "default";
        doc[EcsFields.EcsVersion] = EcsFields.CurrentEcsVersion;
        return doc;
    }
}
