using Observability.Core.Documents;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// GPU documents: <c>gpu.device</c> per GPU (names under <c>gpu.*</c>, utilisation as 0–1), <c>gpu.process</c> per
/// process using a GPU (<c>process.pid</c> + its GPU memory), <c>gpu.xid</c> per XID error event.
/// </summary>
public sealed class GpuMetrics(IGpuReader reader) : IMetricSource
{
    public string Dataset => "gpu.device";

    public IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory)
    {
        var docs = new List<EcsDocument>();
        foreach (var s in reader.Read())
        {
            var key = s.Uuid ?? s.Index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var d = factory.Create(Dataset, key);
            Common(d, s);
            d.Set("gpu.name", s.Name);
            d.Set("gpu.utilization.gpu.pct", s.UtilizationGpu);
            d.Set("gpu.utilization.memory.pct", s.UtilizationMemory);
            d.Set("gpu.memory.used.bytes", s.MemoryUsedBytes);
            d.Set("gpu.memory.free.bytes", s.MemoryFreeBytes);
            d.Set("gpu.memory.total.bytes", s.MemoryTotalBytes);
            d.Set("gpu.memory.reserved.bytes", s.MemoryReservedBytes);
            if (s.MemoryUsedBytes is { } used && s.MemoryTotalBytes is > 0 and { } total)
            {
                d.Set("gpu.memory.used.pct", Math.Round((double)used / total, 4));
            }

            d.Set("gpu.temperature.celsius", s.TemperatureCelsius);
            d.Set("gpu.power.usage.watts", s.PowerWatts);
            d.Set("gpu.energy.total.joules", s.EnergyJoules);
            d.Set("gpu.clock.sm.mhz", s.SmClockMhz);
            d.Set("gpu.clock.memory.mhz", s.MemoryClockMhz);
            if (s.ThrottleReasons is { } mask)
            {
                d.Set("gpu.throttle.mask", (long)mask);
                d.Set("gpu.throttle.reasons", ThrottleReasons.Decode(mask));
            }

            d.Set("gpu.ecc.corrected.total", s.EccCorrected);
            d.Set("gpu.ecc.uncorrected.total", s.EccUncorrected);
            d.Set("gpu.pcie.tx.bytes_per_sec", s.PcieTxBytesPerSecond);
            d.Set("gpu.pcie.rx.bytes_per_sec", s.PcieRxBytesPerSecond);
            d.Set("gpu.remapped_rows.correctable", s.RemappedRowsCorrectable);
            d.Set("gpu.remapped_rows.uncorrectable", s.RemappedRowsUncorrectable);
            d.Set("gpu.remapped_rows.pending", s.RemappingPending);
            d.Set("gpu.remapped_rows.failed", s.RemappingFailed);
            d.Set("gpu.process.count", (long)s.Processes.Count);
            docs.Add(d);

            foreach (var p in s.Processes)
            {
                var pd = factory.Create("gpu.process", $"{key}/{p.Pid}");
                Common(pd, s);
                pd.Set("process.pid", p.Pid);
                pd.Set("gpu.process.memory.used.bytes", p.UsedMemoryBytes);
                docs.Add(pd);
            }
        }

        foreach (var x in reader.DrainXidEvents())
        {
            var xd = factory.Create("gpu.xid", $"{x.Uuid}/{x.Xid}/{Guid.NewGuid():N}");
            xd.Set(EcsFields.EventKind, "event");
            xd.Set("gpu.index", (long)x.GpuIndex);
            xd.Set("gpu.uuid", x.Uuid);
            xd.Set("gpu.xid.code", x.Xid);
            xd.Set(EcsFields.Message, $"GPU {x.GpuIndex} reported XID {x.Xid}");
            docs.Add(xd);
        }

        return docs;
    }

    private static void Common(EcsDocument d, GpuSample s)
    {
        d.Set("gpu.index", (long)s.Index);
        d.Set("gpu.uuid", s.Uuid);
        d.Set("gpu.source", s.Source);
        if (s.Simulated)
        {
            d.Set("gpu.simulated", true);
        }
    }
}
