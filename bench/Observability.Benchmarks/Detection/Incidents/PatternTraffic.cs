using Observability.Benchmarks.Samples;

namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// Labelled logs for the log-pattern incident suite. Background: every host writes a line every
/// <see cref="MeanGap"/> on average, drawn by weight from the templates of the shipped labelled log generator
/// (<see cref="LabelledLogs.Systems"/>: training, NCCL, kernel, sshd). Its error templates (OOM, NCCL warnings and
/// time-outs, XIDs, segfaults, hung tasks, cable events, ssh lockouts) are not drawn by weight but occur
/// sporadically: about once per <see cref="SporadicEvery"/> each, cluster-wide, on a random host, a fifth of them as
/// a pair. Incidents: bursts of one such rare template, or of a template the background never has, on one host, of
/// 4–25 lines over 20 s–4 min, at least 20 minutes apart on a host and after the first <see cref="Quiet"/>.
/// </summary>
public static class PatternTraffic
{
    public static readonly TimeSpan MeanGap = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan SporadicEvery = TimeSpan.FromHours(2);
    public static readonly TimeSpan Quiet = TimeSpan.FromHours(2);

    public static readonly string[] Background = ["training", "nccl", "kernel", "sshd"];

    private static readonly int[] SystemWeights = [60, 20, 5, 15];

    public static readonly HashSet<string> Rare = new(StringComparer.Ordinal)
    {
        "train-oom", "nccl-warn", "nccl-timeout", "kern-xid", "kern-fell", "kern-oom", "kern-segv", "kern-hung", "kern-mlx-down", "ssh-maxauth",
    };

    /// <summary>Templates the background never writes (only numbers and hex vary, as in the real messages).</summary>
    public static readonly (string Id, Func<Random, string> Render)[] Novel =
    [
        ("cuda-illegal", r => $"RuntimeError: CUDA error: an illegal memory access was encountered (device {r.Next(8)}, stream 0x{r.Next(0x1000, 0xffff):x})"),
        ("nccl-system", r => $"NCCL error in: ProcessGroupNCCL.cpp:{r.Next(100, 2000)}, unhandled system error (run with NCCL_DEBUG=INFO for details), NCCL version 2.{r.Next(10, 25)}.{r.Next(1, 9)}"),
        ("nvswitch-fatal", r => $"nvidia-fabricmanager: NVSwitch {r.Next(6)} fatal error {r.Next(10000, 20000)} on port {r.Next(64)}, partition {r.Next(16)} degraded"),
        ("elastic-sigbus", r => $"torch.distributed.elastic.multiprocessing.errors.ChildFailedError: worker {r.Next(64)} exited with signal {r.Next(7, 12)} after {r.Next(100, 90000)} steps"),
    ];

    public static string Host(int i) => FormattableString.Invariant($"gpu-node-{i:D2}");

    public static string Job(int host) => FormattableString.Invariant($"job-{host % 3}");

    public static (List<PatternLogLine> Lines, List<PatternIncident> Incidents) Generate(int hosts, TimeSpan span, int incidents, int seed, DateTimeOffset start)
    {
        var rng = new Random(seed);
        var specs = Background.Select(s => LabelledLogs.Systems[s]).ToArray();
        var lines = new List<PatternLogLine>();
        for (var h = 0; h < hosts; h++)
        {
            for (var t = Exponential(rng, MeanGap); t < span; t += Exponential(rng, MeanGap))
            {
                var system = Pick(rng, SystemWeights);
                var template = Pick(rng, specs[system].Where(x => !Rare.Contains(x.Id)).ToArray());
                lines.Add(new PatternLogLine(start + t, Host(h), Job(h), template.Render(rng), -1));
            }
        }

        var rare = specs.SelectMany(s => s).Where(x => Rare.Contains(x.Id)).ToArray();
        foreach (var spec in rare)
        {
            for (var t = Exponential(rng, SporadicEvery); t < span; t += Exponential(rng, SporadicEvery))
            {
                var h = rng.Next(hosts);
                lines.Add(new PatternLogLine(start + t, Host(h), Job(h), spec.Render(rng), -1));
                if (rng.Next(5) == 0)
                {
                    lines.Add(new PatternLogLine(start + t + TimeSpan.FromSeconds(rng.Next(1, 30)), Host(h), Job(h), spec.Render(rng), -1));
                }
            }
        }

        var schedule = new List<PatternIncident>();
        for (var i = 0; i < incidents; i++)
        {
            for (var attempt = 0; attempt < 1000; attempt++)
            {
                var h = rng.Next(hosts);
                var at = start + Quiet + TimeSpan.FromSeconds(rng.NextDouble() * (span - Quiet - TimeSpan.FromMinutes(10)).TotalSeconds);
                var duration = TimeSpan.FromSeconds(rng.Next(20, 241));
                if (schedule.Any(x => x.Host == Host(h) && at < x.End + TimeSpan.FromMinutes(20) && x.Start < at + duration + TimeSpan.FromMinutes(20)))
                {
                    continue;
                }

                var isNew = i % 2 == 1;
                var count = rng.Next(4, 26);
                string id;
                Func<Random, string> render;
                if (isNew)
                {
                    (id, render) = Novel[rng.Next(Novel.Length)];
                }
                else
                {
                    var spec = Pick(rng, rare);
                    (id, render) = (spec.Id, spec.Render);
                }

                var incident = new PatternIncident(schedule.Count, id, isNew, Host(h), Job(h), at, at + duration, count);
                schedule.Add(incident);
                for (var k = 0; k < count; k++)
                {
                    // The first line opens the incident; the others fall anywhere in it.
                    var offset = k == 0 ? TimeSpan.Zero : duration * rng.NextDouble();
                    lines.Add(new PatternLogLine(at + offset, incident.Host, incident.Job, render(rng), incident.Index));
                }

                break;
            }
        }

        lines.Sort((a, b) => a.At.CompareTo(b.At));
        return (lines, schedule);
    }

    private static TimeSpan Exponential(Random rng, TimeSpan mean) => mean * -Math.Log(1 - rng.NextDouble());

    private static int Pick(Random rng, int[] weights)
    {
        var x = rng.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if ((x -= weights[i]) < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static LabelledLogs.TemplateSpec Pick(Random rng, LabelledLogs.TemplateSpec[] specs) => specs[Pick(rng, specs.Select(s => s.Weight).ToArray())];
}
