using Observability.Core.Documents;

namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// A seeded GPU cluster: <c>nodes</c> hosts with <c>gpus</c> GPUs each, two data-parallel jobs (half the nodes each,
/// one rank per GPU) reporting every step, GPU metrics and node metrics every step. Normal life includes noise, a
/// daily temperature cycle, periodic checkpoints (a slow step and a utilisation dip) and slow loss decay; the
/// injected <see cref="Incident"/>s change the affected signals only.
/// </summary>
public sealed class ClusterSimulator
{
    private readonly int _nodes;
    private readonly int _gpus;
    private readonly IReadOnlyList<Incident> _incidents;
    private readonly Random _rng;
    private readonly double[] _loss;
    private readonly double[] _stuck;

    public ClusterSimulator(int nodes, int gpus, IReadOnlyList<Incident> incidents, int seed)
    {
        _nodes = nodes;
        _gpus = gpus;
        _incidents = incidents;
        _rng = new Random(seed);
        _loss = Enumerable.Repeat(2.5, nodes * gpus).ToArray();
        _stuck = new double[nodes * gpus];
    }

    public static TimeSpan Step => TimeSpan.FromSeconds(15);

    public static string Host(int node) => $"node{node:D2}";

    public string Job(int node) => node < _nodes / 2 ? "job-a" : "job-b";

    public int Rank(int node, int gpu) => ((node % Math.Max(1, _nodes / 2)) * _gpus) + gpu;

    public IEnumerable<EcsDocument> Documents(int step, DateTimeOffset at)
    {
        var checkpoint = step % 480 == 479; // every 2 hours
        for (var node = 0; node < _nodes; node++)
        {
            var host = Host(node);
            var stall = Active(IncidentKind.DataLoaderStall, node, -1, step);
            for (var gpu = 0; gpu < _gpus; gpu++)
            {
                var i = (node * _gpus) + gpu;
                var straggler = Active(IncidentKind.Straggler, node, gpu, step);
                var util = Clamp(0.92 + Noise(0.02) - (checkpoint ? 0.5 : 0) - (stall ? 0.45 : 0) - (straggler ? 0.1 : 0), 0, 1);
                if (Active(IncidentKind.StuckUtilisation, node, gpu, step) is var stuck && stuck)
                {
                    _stuck[i] = _stuck[i] == 0 ? Math.Round(util, 2) : _stuck[i];
                    util = _stuck[i];
                }
                else
                {
                    _stuck[i] = 0;
                }

                var temp = 68 + (3 * Math.Sin(2 * Math.PI * step / 5760.0)) + (6 * (util - 0.9)) + Noise(0.6);
                if (Progress(IncidentKind.ThermalRunaway, node, gpu, step) is { } heat)
                {
                    temp += 28 * heat;
                }

                var memory = 0.62 + Noise(0.004);
                if (Progress(IncidentKind.MemoryLeak, node, gpu, step) is { } leak)
                {
                    memory = 0.62 + (0.36 * leak) + Noise(0.002);
                }

                var gpuDoc = Metric(at, host, "gpu");
                gpuDoc.Set("gpu.index", (long)gpu);
                gpuDoc.Set("gpu.utilization.gpu.pct", util);
                gpuDoc.Set("gpu.memory.used.pct", Clamp(memory, 0, 1));
                gpuDoc.Set("gpu.temperature.celsius", temp);
                gpuDoc.Set("gpu.power.usage.watts", 120 + (260 * util) + Noise(6));
                gpuDoc.Set("gpu.clock.sm.mhz", 1410 + Noise(8) - (temp > 85 ? 300 : 0));
                yield return gpuDoc;

                var stepMs = 520 + Noise(12) + (checkpoint ? 2500 : 0) + (straggler ? 480 : 0) + (stall ? 420 : 0);
                var dataMs = 35 + Math.Abs(Noise(4)) + (stall ? 440 : 0);
                _loss[i] = Math.Max(0.2, _loss[i] * 0.9995);
                var loss = _loss[i] * Math.Exp(Noise(0.03));
                if (Active(IncidentKind.LossSpike, node, gpu, step))
                {
                    loss *= 9;
                }

                var t = new EcsDocument();
                t.Set(EcsFields.Timestamp, at);
                t.Set(EcsFields.HostName, host);
                t.Set(EcsFields.DataStreamType, "metrics");
                t.Set(EcsFields.DataStreamDataset, "training");
                t.Set("training.job.id", Job(node));
                t.Set("training.rank", (long)Rank(node, gpu));
                t.Set("training.step", (long)step);
                t.Set("training.loss", loss);
                t.Set("training.step.duration_ms", stepMs);
                t.Set("training.phase.data_ms", dataMs);
                t.Set("training.samples_per_second", 256_000 / stepMs);
                t.Set("training.job.state", "running");
                yield return t;
            }

            var n = Metric(at, host, "system");
            n.Set("system.cpu.total.norm.pct", Clamp(0.45 + Noise(0.05) + (stall ? 0.3 : 0), 0, 1));
            n.Set("system.memory.actual.used.pct", 0.55 + Noise(0.01));
            n.Set("system.load.1", 12 + Noise(1.5));
            n.Set("system.network.in.bytes", 1.2e8 + Noise(8e6));
            n.Set("system.network.out.bytes", 1.1e8 + Noise(8e6));
            yield return n;
        }
    }

    private bool Active(IncidentKind kind, int node, int gpu, int step) =>
        _incidents.Any(x => x.Kind == kind && (gpu < 0 ? x.Covers(node, step) : x.Covers(node, gpu, step)));

    /// <summary>0 → 1 through the incident, null outside it.</summary>
    private double? Progress(IncidentKind kind, int node, int gpu, int step)
    {
        var x = _incidents.FirstOrDefault(i => i.Kind == kind && i.Covers(node, gpu, step));
        return x is null ? null : (step - x.StartStep + 1) / (double)x.Steps;
    }

    private static EcsDocument Metric(DateTimeOffset at, string host, string dataset)
    {
        var d = new EcsDocument();
        d.Set(EcsFields.Timestamp, at);
        d.Set(EcsFields.HostName, host);
        d.Set(EcsFields.DataStreamType, "metrics");
        d.Set(EcsFields.DataStreamDataset, dataset);
        return d;
    }

    private double Noise(double sigma)
    {
        // Box–Muller: normal noise from the seeded generator.
        var u1 = 1.0 - _rng.NextDouble();
        var u2 = _rng.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private static double Clamp(double v, double lo, double hi) => Math.Min(hi, Math.Max(lo, v));
}
