using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Patterns;
using Observability.Detection.Rules;
using Observability.Pipelines.Patterns;

namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>
/// The log-pattern incident suite: <see cref="PatternTraffic"/> logs go through the indexer's pattern stage
/// (<see cref="LogPatternProcessor"/>, which sets <c>log.pattern.id</c>) and the real detection engine with the
/// built-in rules; rules are evaluated every <see cref="Evaluation"/> of simulated time and alerts go through the
/// alert lifecycle. A firing pattern alert is true when its host and pattern are an incident's and it fires during
/// the incident or within <see cref="Grace"/> after it. Seeds <see cref="TuningSeeds"/> are the ones the detector's
/// defaults were tuned on; <see cref="ReportSeeds"/> were not looked at before the defaults were fixed.
/// </summary>
public static class PatternIncidentBenchmark
{
    public static readonly TimeSpan Evaluation = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);
    public static readonly int[] TuningSeeds = [1, 2, 3];
    public static readonly int[] ReportSeeds = [101, 102, 103];

    public static PatternIncidentResult Run(int hosts, double days, int incidents, IReadOnlyList<int> seeds)
    {
        var results = seeds.Select(s => RunSeed(hosts, days, incidents, s)).ToList();
        return new PatternIncidentResult(
            results.Sum(r => r.Incidents),
            results.Sum(r => r.Detected),
            results.Sum(r => r.Alerts),
            results.Sum(r => r.TrueAlerts),
            results.Sum(r => r.Lines),
            results.Sum(r => r.HostDays),
            results.SelectMany(r => r.SecondsToAlert).ToList(),
            results.SelectMany(r => r.Missed).ToList(),
            results.SelectMany(r => r.FalseAlerts).ToList());
    }

    private static PatternIncidentResult RunSeed(int hosts, double days, int count, int seed)
    {
        var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var (lines, incidents) = PatternTraffic.Generate(hosts, TimeSpan.FromDays(days), count, seed, start);
        var miner = new LogPatternProcessor();
        var rules = new RuleEngine(BuiltInRules.Load(new KqlAlertQueryCompiler()));
        var engine = new DetectionEngine(new DetectionOptions(), rules, new ManualClock(start));
        var tracker = new AlertTracker();
        var patternsOf = incidents.ToDictionary(i => i.Index, _ => new HashSet<string>(StringComparer.Ordinal));
        var fired = new List<(Alert Alert, DateTimeOffset At)>();
        var next = start + Evaluation;
        foreach (var line in lines)
        {
            while (line.At >= next)
            {
                Evaluate(rules, tracker, next, fired);
                next += Evaluation;
            }

            var doc = new EcsDocument { Message = line.Message };
            doc.Set(EcsFields.Timestamp, line.At);
            doc.Set(EcsFields.HostName, line.Host);
            doc.Set("training.job.id", line.Job);
            miner.Process(doc);
            if (line.Incident >= 0 && doc.GetString(LogPatternProcessor.PatternIdField) is { } id)
            {
                patternsOf[line.Incident].Add(id);
            }

            engine.Observe(doc, line.At);
        }

        Evaluate(rules, tracker, next, fired);
        var firstAlert = new Dictionary<int, DateTimeOffset>();
        var falseAlerts = new List<string>();
        var trueAlerts = 0;
        foreach (var (alert, at) in fired)
        {
            var match = incidents.FirstOrDefault(i => alert.Labels["host"] == i.Host && patternsOf[i.Index].Contains(alert.Labels["pattern"] ?? string.Empty)
                && at >= i.Start && at <= i.End + Grace);
            if (match is null)
            {
                falseAlerts.Add(FormattableString.Invariant($"seed {seed} {alert.Name} {alert.Labels} at {at:HH:mm:ss}: {alert.Annotations.GetValueOrDefault("description")}"));
                continue;
            }

            trueAlerts++;
            if (!firstAlert.ContainsKey(match.Index))
            {
                firstAlert[match.Index] = at;
            }
        }

        var missed = incidents.Where(i => !firstAlert.ContainsKey(i.Index)).Select(i => FormattableString.Invariant($"seed {seed} {i}")).ToList();
        var delays = firstAlert.Select(p => (p.Value - incidents[p.Key].Start).TotalSeconds).ToList();
        return new PatternIncidentResult(incidents.Count, firstAlert.Count, fired.Count, trueAlerts, lines.Count, hosts * days, delays, missed, falseAlerts);
    }

    /// <summary>Evaluates the rules at <paramref name="now"/>; only the pattern rules' alerts are this suite's to score.</summary>
    private static void Evaluate(RuleEngine rules, AlertTracker tracker, DateTimeOffset now, List<(Alert, DateTimeOffset)> fired)
    {
        foreach (var (rule, active) in rules.Evaluate(now))
        {
            var isPatternRule = rule.Definition.Detector == PatternRateDetector.DetectorName;
            foreach (var a in tracker.Apply(rule.Name, active, rule.For, now))
            {
                if (isPatternRule && a.State == AlertState.Firing)
                {
                    fired.Add((a, now));
                }
            }
        }
    }
}
