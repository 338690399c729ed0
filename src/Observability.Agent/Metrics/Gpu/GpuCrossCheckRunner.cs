using System.Globalization;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// Runs <see cref="GpuCrossCheck"/> for some rounds on this host's GPUs and prints, per field, the last round's values
/// and in how many rounds they agreed. Used by <c>obs bench gpu</c> and by the self-contained <c>gpu-check</c> tool.
/// </summary>
public static class GpuCrossCheckRunner
{
    /// <summary>0 when every compared field agreed in every round, 1 when some did not, 2 when NVML or nvidia-smi is missing.</summary>
    public static async Task<int> RunAsync(int rounds, TimeSpan interval, string nvidiaSmi, TextWriter output, CancellationToken ct)
    {
        using var nvml = NvmlGpuReader.TryCreate();
        using var smi = NvidiaSmiGpuReader.TryCreate(nvidiaSmi);
        if (nvml is null || smi is null)
        {
            await output.WriteLineAsync($"needs NVML and nvidia-smi: NVML {(nvml is null ? "missing" : "found")}, nvidia-smi {(smi is null ? "missing" : "found")}");
            await output.WriteLineAsync("gpus=0 rounds=0 fields_compared=0 agree=0 disagree=0");
            return 2;
        }

        var driver = NvmlGpuReader.DriverVersion;
        await output.WriteLineAsync($"driver {driver}; nvidia-smi --query-gpu={smi.Query}");
        var agreed = new Dictionary<(int, string), int>();
        var compared = new Dictionary<(int, string), int>();
        List<GpuFieldComparison> last = [];
        IReadOnlyList<GpuSample> cards = [];
        for (var round = 0; round < rounds; round++)
        {
            if (round > 0)
            {
                await Task.Delay(interval, ct);
            }

            var before = nvml.Read();
            var viaSmi = smi.Read();
            var after = nvml.Read();
            cards = before;
            last = GpuCrossCheck.Compare(before, viaSmi, after);
            foreach (var row in last.Where(r => r.Agrees is not null))
            {
                var key = (row.GpuIndex, row.Field);
                compared[key] = compared.GetValueOrDefault(key) + 1;
                agreed[key] = agreed.GetValueOrDefault(key) + (row.Agrees == true ? 1 : 0);
            }
        }

        foreach (var card in cards)
        {
            await output.WriteLineAsync($"GPU {card.Index}: {card.Name} ({card.Uuid})");
        }

        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{"gpu",-3} {"field",-34} {"NVML",-34} {"nvidia-smi",-22} {"tolerance",-34} agreed"));
        foreach (var r in last)
        {
            var key = (r.GpuIndex, r.Field);
            var verdict = compared.TryGetValue(key, out var n) ? $"{agreed[key]}/{n}" : "—";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{r.GpuIndex,-3} {r.Field,-34} {r.Nvml,-34} {r.NvidiaSmi,-22} {r.Tolerance,-34} {verdict}"));
        }

        await output.WriteLineAsync($"XID events: registered on {nvml.XidEventGpus} of {nvml.GpuCount} GPUs; {nvml.DrainXidEvents().Count} pending");
        for (var i = 0; i < cards.Count; i++)
        {
            if (nvml.MemoryV1(i) is { } v1)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"GPU {i} memory through NVML v1 (used includes the driver's reservation): used={v1.Used:N0} free={v1.Free:N0} total={v1.Total:N0}; v2 used={cards[i].MemoryUsedBytes:N0} reserved={cards[i].MemoryReservedBytes:N0}"));
            }
        }

        var fields = compared.Count;
        var allAgreed = compared.Count(kv => agreed[kv.Key] == kv.Value);
        var name = cards.Count > 0 ? cards[0].Name : null;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"gpus={cards.Count} rounds={rounds} fields_compared={fields} agree={allAgreed} disagree={fields - allAgreed} card=\"{name}\" driver={driver}"));
        return fields > 0 && allAgreed == fields ? 0 : 1;
    }
}
