using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Observability.Agent.Metrics;
using Observability.Core.Documents;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench node-metrics</c>: reads the agent's node metrics and prometheus-node-exporter's /metrics at the same
/// moment and compares the values both report, each within a stated tolerance. With <c>--through-up</c> the agent's side
/// is what <c>obs up</c> stored: an <c>obs up</c> (metrics only, in a temporary data directory) samples every second,
/// and the newest stored sample of each dataset is compared with node exporter read right after it became searchable.
/// </summary>
internal static partial class NodeMetricsBench
{
    public static Command Create()
    {
        var url = new Option<string>("--node-exporter") { Description = "node exporter metrics URL", DefaultValueFactory = _ => "http://127.0.0.1:9100/metrics" };
        var throughUp = new Option<bool>("--through-up") { Description = "compare the samples obs up stored (an obs up with metrics only is started in a temporary directory)" };
        var cmd = new Command("node-metrics", "Compare the agent's node metrics with prometheus-node-exporter on this machine; last line: compared= agreed= max_rel_diff= source=");
        cmd.Options.Add(url);
        cmd.Options.Add(throughUp);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await RunAsync(r.GetValue(url)!, r.GetValue(throughUp), ct));
        return cmd;
    }

    private static async Task<int> RunAsync(string url, bool throughUp, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        List<EcsDocument> ours;
        string text;
        if (throughUp)
        {
            (ours, text) = await NodeMetricsThroughUp.SampleAsync(() => http.GetStringAsync(new Uri(url), ct), ct);
        }
        else
        {
            var factory = new MetricDocumentFactory(Environment.MachineName, "default") { Timestamp = TimeProvider.System.GetUtcNow() };
            var sources = MetricsAgent.NodeSources("/proc").ToList();
            text = await http.GetStringAsync(new Uri(url), ct);
            ours = sources.SelectMany(s => s.Collect(factory)).ToList();
        }

        var prom = Parse(text);

        var rows = new List<(string Name, double Ours, double Theirs, double Tolerance, bool Relative)>();
        EcsDocument One(string dataset) => ours.First(d => d.GetString(EcsFields.EventDataset) == dataset);
        double? P(string name, string? label = null, string? value = null)
        {
            var matches = prom.Where(p => p.Name == name && (label is null || p.Labels.GetValueOrDefault(label) == value)).ToList();
            return matches.Count == 0 ? null : matches.Sum(p => p.Value); // absent in node exporter: not compared
        }

        var mem = One("system.memory");
        Add(rows, "memory.total", mem.GetDouble("system.memory.total"), P("node_memory_MemTotal_bytes"), 0, true);
        Add(rows, "memory.actual.free (MemAvailable)", mem.GetDouble("system.memory.actual.free"), P("node_memory_MemAvailable_bytes"), 0.02, true);
        Add(rows, "memory.swap.total", mem.GetDouble("system.memory.swap.total"), P("node_memory_SwapTotal_bytes"), 0, true);
        var load = One("system.load");
        Add(rows, "load.1", load.GetDouble("system.load.1"), P("node_load1"), 0.1, false);
        Add(rows, "load.15", load.GetDouble("system.load.15"), P("node_load15"), 0.05, false);
        var cpu = One("system.cpu");
        foreach (var mode in new[] { "user", "system", "idle", "iowait" })
        {
            // ticks are USER_HZ (100 per second); node exporter reports seconds.
            Add(rows, $"cpu.{mode} seconds", cpu.GetDouble($"system.cpu.{mode}.ticks") / 100, P("node_cpu_seconds_total", "mode", mode), 0.01, true);
        }

        foreach (var fs in ours.Where(d => d.GetString(EcsFields.EventDataset) == "system.filesystem"))
        {
            var mount = fs.GetString("system.filesystem.mount_point")!;
            if (P("node_filesystem_size_bytes", "mountpoint", mount) is > 0 and var size)
            {
                Add(rows, $"filesystem.total {mount}", fs.GetDouble("system.filesystem.total"), size, 0, true);
                Add(rows, $"filesystem.available {mount}", fs.GetDouble("system.filesystem.available"), P("node_filesystem_avail_bytes", "mountpoint", mount), 0.01, true);
            }
        }

        foreach (var net in ours.Where(d => d.GetString(EcsFields.EventDataset) == "system.network"))
        {
            var dev = net.GetString("system.network.name")!;
            Add(rows, $"network.in.bytes {dev}", net.GetDouble("system.network.in.bytes"), P("node_network_receive_bytes_total", "device", dev), 0.01, true);
            Add(rows, $"network.out.bytes {dev}", net.GetDouble("system.network.out.bytes"), P("node_network_transmit_bytes_total", "device", dev), 0.01, true);
        }

        foreach (var disk in ours.Where(d => d.GetString(EcsFields.EventDataset) == "system.diskio"))
        {
            var dev = disk.GetString("system.diskio.name")!;
            Add(rows, $"diskio.read.bytes {dev}", disk.GetDouble("system.diskio.read.bytes"), P("node_disk_read_bytes_total", "device", dev), 0.01, true);
            Add(rows, $"diskio.write.bytes {dev}", disk.GetDouble("system.diskio.write.bytes"), P("node_disk_written_bytes_total", "device", dev), 0.01, true);
        }

        var agreed = 0;
        var maxRel = 0.0;
        Console.WriteLine($"{"metric",-44} {(throughUp ? "obs up" : "agent"),20} {"node-exporter",20} {"tolerance",10}  ok");
        foreach (var (name, a, b, tol, rel) in rows)
        {
            var diff = Math.Abs(a - b);
            var relDiff = b == 0 ? diff : diff / Math.Abs(b);
            var ok = rel ? relDiff <= tol + 1e-9 : diff <= tol + 1e-9;
            agreed += ok ? 1 : 0;
            maxRel = Math.Max(maxRel, relDiff);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-44} {a,20:G12} {b,20:G12} {(rel ? $"{tol:P1}" : $"±{tol}"),10}  {(ok ? "yes" : "NO")}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"compared={rows.Count} agreed={agreed} max_rel_diff={maxRel:F5} source={(throughUp ? "obs-up-store" : "collectors")}"));
        return agreed == rows.Count ? 0 : 1;
    }

    private static void Add(List<(string, double, double, double, bool)> rows, string name, double? ours, double? theirs, double tolerance, bool relative)
    {
        if (ours is { } a && theirs is { } b)
        {
            rows.Add((name, a, b, tolerance, relative));
        }
    }

    private static List<(string Name, Dictionary<string, string> Labels, double Value)> Parse(string text)
    {
        var list = new List<(string, Dictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var m = SampleLine().Match(line);
            if (!m.Success || !double.TryParse(m.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                continue;
            }

            var labels = LabelPair().Matches(m.Groups[2].Value).ToDictionary(l => l.Groups[1].Value, l => l.Groups[2].Value, StringComparer.Ordinal);
            list.Add((m.Groups[1].Value, labels, v));
        }

        return list;
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
