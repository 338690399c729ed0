using System.Globalization;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>
/// Parses <c>nvidia-smi --query-gpu=… --format=csv,nounits</c> (with its header line, so columns are found by name and
/// a driver that orders or names them differently still parses). "[N/A]" and "[Not Supported]" become null.
/// </summary>
public static class NvidiaSmiCsv
{
    /// <summary>The columns asked for when the driver cannot list its own (see <see cref="GpuQueryFor"/>), in nvidia-smi's names.</summary>
    public const string GpuQuery =
        "index,uuid,name,utilization.gpu,utilization.memory,memory.used,memory.free,memory.total,temperature.gpu,power.draw," +
        "clocks.sm,clocks.mem,clocks_throttle_reasons.active,ecc.errors.corrected.aggregate.total,ecc.errors.uncorrected.aggregate.total";

    // Each column with the names drivers have given it, newest first; a column no name of which the driver knows is left out.
    private static readonly string[][] Wanted =
    [
        ["index"], ["uuid"], ["name"], ["utilization.gpu"], ["utilization.memory"], ["memory.used"], ["memory.free"],
        ["memory.total"], ["memory.reserved"], ["temperature.gpu"], ["power.draw"], ["clocks.sm"], ["clocks.mem"],
        ["clocks_event_reasons.active", "clocks_throttle_reasons.active"], ["ecc.errors.corrected.aggregate.total"],
        ["ecc.errors.uncorrected.aggregate.total"],
    ];

    public const string ProcessQuery = "gpu_uuid,pid,used_memory";

    private const long MiB = 1024 * 1024;

    /// <summary>
    /// The query for the driver whose <c>nvidia-smi --help-query-gpu</c> printed <paramref name="helpText"/>: nvidia-smi
    /// refuses a whole query for one name it does not know (a renamed field, a column newer than the driver), so only
    /// names the help lists are asked for. Without a help text, <see cref="GpuQuery"/>.
    /// </summary>
    public static string GpuQueryFor(string? helpText)
    {
        if (string.IsNullOrWhiteSpace(helpText))
        {
            return GpuQuery;
        }

        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in helpText.Split('"').Where((_, i) => i % 2 == 1))
        {
            known.Add(part.Trim());
        }

        var columns = Wanted.Select(names => names.FirstOrDefault(known.Contains)).OfType<string>().ToList();
        return columns.Contains("index") && columns.Contains("uuid") ? string.Join(',', columns) : GpuQuery;
    }

    public static List<GpuSample> ParseGpus(string csv, IReadOnlyList<(string GpuUuid, GpuProcess Process)>? processes = null)
    {
        var rows = Rows(csv);
        var list = new List<GpuSample>();
        foreach (var r in rows)
        {
            var uuid = r.Str("uuid");
            list.Add(new GpuSample
            {
                Index = (int)(r.Long("index") ?? list.Count),
                Uuid = uuid,
                Name = r.Str("name"),
                UtilizationGpu = r.Double("utilization.gpu") / 100,
                UtilizationMemory = r.Double("utilization.memory") / 100,
                MemoryUsedBytes = r.Long("memory.used") * MiB,
                MemoryFreeBytes = r.Long("memory.free") * MiB,
                MemoryTotalBytes = r.Long("memory.total") * MiB,
                MemoryReservedBytes = r.Long("memory.reserved") * MiB,
                TemperatureCelsius = r.Double("temperature.gpu"),
                PowerWatts = r.Double("power.draw"),
                SmClockMhz = r.Long("clocks.sm") ?? r.Long("clocks.current.sm"),
                MemoryClockMhz = r.Long("clocks.mem") ?? r.Long("clocks.current.memory"),
                ThrottleReasons = r.Hex("clocks_throttle_reasons.active") ?? r.Hex("clocks_event_reasons.active"),
                EccCorrected = r.Long("ecc.errors.corrected.aggregate.total"),
                EccUncorrected = r.Long("ecc.errors.uncorrected.aggregate.total"),
                Processes = processes is null ? [] : [.. processes.Where(p => p.GpuUuid == uuid).Select(p => p.Process)],
                Source = "nvidia-smi",
            });
        }

        return list;
    }

    public static List<(string GpuUuid, GpuProcess Process)> ParseProcesses(string csv) =>
        [.. Rows(csv).Where(r => r.Str("gpu_uuid") is not null && r.Long("pid") is not null)
            .Select(r => (r.Str("gpu_uuid")!, new GpuProcess(r.Long("pid")!.Value, r.Long("used_gpu_memory") * MiB ?? r.Long("used_memory") * MiB)))];

    private static List<Row> Rows(string csv)
    {
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        // Header cells look like "memory.used [MiB]" unless nounits removed the unit; keep the name only.
        var header = Split(lines[0]).Select(h => { var b = h.IndexOf(" [", StringComparison.Ordinal); return b > 0 ? h[..b] : h; }).ToArray();
        return [.. lines.Skip(1).Select(l => new Row(header, Split(l)))];
    }

    private static string[] Split(string line) => [.. line.Split(',').Select(c => c.Trim())];

    private sealed class Row(string[] header, string[] cells)
    {
        public string? Str(string name)
        {
            var i = Array.IndexOf(header, name);
            if (i < 0 || i >= cells.Length)
            {
                return null;
            }

            var v = cells[i];
            return v.Length == 0 || v.StartsWith('[') || v == "N/A" ? null : v;
        }

        public double? Double(string name) => Number(Str(name)) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

        public long? Long(string name) => Number(Str(name)) is { } s && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? (long)d : null;

        public ulong? Hex(string name) => Str(name) is { } s && s.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v) ? v : null;

        // Units may remain when "nounits" was not given ("35 %", "1024 MiB", "70.5 W").
        private static string? Number(string? s)
        {
            if (s is null)
            {
                return null;
            }

            var space = s.IndexOf(' ', StringComparison.Ordinal);
            return space > 0 ? s[..space] : s;
        }
    }
}
