using System.Globalization;
using Observability.Core.Documents;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>Test documents as the agent and training helpers produce them.</summary>
internal static class Docs
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static EcsDocument Log(int i, string dataset = "app", string host = "node-1")
    {
        var d = new EcsDocument();
        d.Id = EventIds.From($"file:{host}:{dataset}", i * 100L);
        d.Timestamp = T0.AddMilliseconds(i);
        d.Message = string.Create(CultureInfo.InvariantCulture, $"line {i}");
        d.Set(EcsFields.LogLevel, i % 10 == 0 ? "error" : "info");
        d.Set(EcsFields.HostName, host);
        d.Set(EcsFields.ServiceName, "trainer");
        d.Set(EcsFields.EventDataset, dataset);
        d.Set(EcsFields.DataStreamType, "logs");
        d.Set(EcsFields.DataStreamDataset, dataset);
        d.Set(EcsFields.DataStreamNamespace, "default");
        d.Set("log.offset", i * 100L);
        return d;
    }

    public static EcsDocument GpuSample(int i, string uuid = "GPU-0a1b")
    {
        var d = new EcsDocument();
        d.Id = EventIds.FromParts("gpu", uuid, i.ToString(CultureInfo.InvariantCulture));
        d.Timestamp = T0.AddSeconds(i);
        d.Set(EcsFields.HostName, "node-1");
        d.Set(EcsFields.EventDataset, "gpu");
        d.Set(EcsFields.DataStreamType, "metrics");
        d.Set(EcsFields.DataStreamDataset, "gpu");
        d.Set("gpu.uuid", uuid);
        d.Set("gpu.utilization.gpu.pct", 0.87);
        d.Set("gpu.temperature.celsius", 71.0);
        return d;
    }

    public static EcsDocument TrainingStep(int step)
    {
        var d = new EcsDocument();
        d.Id = EventIds.FromParts("job-7", "rank-0", step.ToString(CultureInfo.InvariantCulture));
        d.Timestamp = T0.AddSeconds(step);
        d.Set(EcsFields.HostName, "node-1");
        d.Set(EcsFields.DataStreamType, "metrics");
        d.Set(EcsFields.DataStreamDataset, "training");
        d.Set("training.job.id", "job-7");
        d.Set("training.rank", 0L);
        d.Set("training.step", (long)step);
        d.Set("training.loss", 2.5 / (step + 1));
        d.Set("training.step_time.ms", 120.5);
        return d;
    }
}
