using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Rules;

namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// The synthetic incident suite: a seeded cluster runs for <c>days</c>; incidents of every kind are injected at
/// random places and times; the real detection engine and the built-in rules raise alerts through the alert
/// lifecycle. An incident is detected when an alert on its entity (host and GPU or rank; the host for a
/// data-loader stall, which hits every rank of the node) becomes active during it or within 10 minutes after it.
/// Every other alert is a false alert.
/// </summary>
public static class IncidentBenchmark
{
    private const int Grace = 40; // steps after an incident's end (10 minutes)

    public static IReadOnlyDictionary<IncidentKind, int> Durations { get; } = new Dictionary<IncidentKind, int>
    {
        [IncidentKind.ThermalRunaway] = 60,
        [IncidentKind.MemoryLeak] = 240,
        [IncidentKind.StuckUtilisation] = 120,
        [IncidentKind.Straggler] = 120,
        [IncidentKind.LossSpike] = 2,
        [IncidentKind.DataLoaderStall] = 80,
    };

    public static IReadOnlyList<Incident> Schedule(int nodes, int gpus, int steps, int perKind, int seed)
    {
        var rng = new Random(seed);
        var list = new List<Incident>();
        foreach (var kind in Enum.GetValues<IncidentKind>())
        {
            for (var k = 0; k < perKind; k++)
            {
                for (var attempt = 0; attempt < 1000; attempt++)
                {
                    var duration = Durations[kind];
                    var candidate = new Incident(kind, rng.Next(nodes), rng.Next(gpus), rng.Next(720, Math.Max(721, steps - duration - Grace)), duration);
                    if (!list.Any(x => x.Node == candidate.Node && candidate.StartStep < x.EndStep + 240 && x.StartStep < candidate.EndStep + 240))
                    {
                        list.Add(candidate);
                        break;
                    }
                }
            }
        }

        return list;
    }

    public static IncidentSuiteResult Run(int nodes, int gpus, double days, int perKind, int seed)
    {
        var steps = (int)(days * 86400 / ClusterSimulator.Step.TotalSeconds);
        var incidents = Schedule(nodes, gpus, steps, perKind, seed);
        var sim = new ClusterSimulator(nodes, gpus, incidents, seed);
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var clock = new ManualClock(start);
        var rules = new RuleEngine(BuiltInRules.Load(new KqlAlertQueryCompiler()));
        var engine = new DetectionEngine(new DetectionOptions(), rules, clock);
        var tracker = new AlertTracker();
        var fired = new List<(Alert Alert, int Step)>();
        long documents = 0;
        for (var step = 0; step < steps; step++)
        {
            var now = start + (step * ClusterSimulator.Step);
            clock.Now = now;
            foreach (var doc in sim.Documents(step, now))
            {
                engine.Observe(doc, now);
                documents++;
            }

            foreach (var (rule, active) in rules.Evaluate(now))
            {
                foreach (var a in tracker.Apply(rule.Name, active, rule.For, now))
                {
                    if (a.State == AlertState.Firing)
                    {
                        fired.Add((a, (int)((a.ActiveAt - start) / ClusterSimulator.Step)));
                    }
                }
            }
        }

        var detected = new HashSet<Incident>();
        var falseAlerts = new List<string>();
        foreach (var (alert, step) in fired)
        {
            var matches = incidents.Where(i => Matches(sim, i, alert.Labels, step)).ToList();
            if (matches.Count == 0)
            {
                falseAlerts.Add($"{alert.Name} {alert.Labels} at step {step}: {alert.Annotations.GetValueOrDefault("description")}");
            }

            detected.UnionWith(matches);
        }

        var perKindResult = Enum.GetValues<IncidentKind>().ToDictionary(k => k, k => (incidents.Count(i => i.Kind == k), incidents.Count(i => i.Kind == k && detected.Contains(i))));
        var missed = incidents.Where(i => !detected.Contains(i)).Select(i => i.ToString()).ToList();
        return new IncidentSuiteResult(incidents.Count, detected.Count, falseAlerts.Count, nodes * days, documents, perKindResult, falseAlerts, missed);
    }

    private static bool Matches(ClusterSimulator sim, Incident i, LabelSet labels, int step)
    {
        if (labels["host"] != ClusterSimulator.Host(i.Node) || step < i.StartStep - 1 || step > i.EndStep + Grace)
        {
            return false;
        }

        if (i.Kind == IncidentKind.DataLoaderStall)
        {
            return true;
        }

        if (labels["gpu"] is { } gpu && gpu != i.Gpu.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            return false;
        }

        return labels["rank"] is not { } rank || rank == sim.Rank(i.Node, i.Gpu).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
