using System.Globalization;
using System.Text.RegularExpressions;
using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;

namespace Observability.Detection.Patterns;

/// <summary>
/// Log-pattern anomalies, as Elastic's categorisation jobs page on them: events are counted per
/// <c>log.pattern.id</c> and host/job over a sliding interval, and a pattern that is new or rare cluster-wide
/// (baseline at most <see cref="PatternRateOptions.RareRate"/> per interval) fires when its count on one host/job
/// is at least <see cref="PatternRateOptions.MinBurst"/> and has a Poisson probability under the baseline of at most
/// <see cref="PatternRateOptions.Alpha"/>. Frequent patterns never fire, however they vary: their bursts are load,
/// not news. Anomalies carry the template and the burst's first line. Not thread-safe (the engine serialises).
/// </summary>
public sealed class PatternRateDetector
{
    public const string DetectorName = "pattern";
    public const string ErrorKind = "error_pattern_burst";
    public const string Kind = "pattern_burst";

    private readonly PatternRateOptions _options;
    private readonly string _hostField;
    private readonly string _jobField;
    private readonly double _decay;
    private readonly Regex _errorWords;
    private readonly Dictionary<string, PatternBaseline> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Pattern, string Host, string Job), PatternBurst> _bursts = new();
    private DateTimeOffset? _start;
    private long _lastSweep = long.MinValue;

    public PatternRateDetector(PatternRateOptions options, string hostField, string jobField)
    {
        options.Validate();
        _options = options;
        _hostField = hostField;
        _jobField = jobField;
        _decay = Math.Pow(0.5, options.Interval / options.BaselineHalfLife);
        // Whole words only: "oom" must not match "room" or "zoom".
        _errorWords = new Regex($@"\b(?:{string.Join('|', options.ErrorWords.Select(Regex.Escape))})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
    }

    public int Patterns => _patterns.Count;

    /// <summary>Counts the document's pattern; returns an anomaly when this event makes a burst of a new or rare pattern.</summary>
    public Anomaly? Observe(EcsDocument doc, DateTimeOffset at)
    {
        if (doc.GetString(_options.PatternIdField) is not { Length: > 0 } id)
        {
            return null;
        }

        _start ??= at;
        var interval = at.UtcTicks / _options.Interval.Ticks;
        var message = doc.GetString(EcsFields.Message) ?? string.Empty;
        if (!_patterns.TryGetValue(id, out var baseline))
        {
            var template = doc.GetString(_options.TemplateField) is { Length: > 0 } t ? t : message;
            baseline = new PatternBaseline(template, IsErrorLevel(doc.GetString(_options.LevelField), template), at, interval);
            _patterns[id] = baseline;
            Bound();
        }

        // The baseline before this event: a burst is judged against what was known before it began.
        var rate = baseline.Rate;
        baseline.Add(interval, at, _decay, _options.BaselineCap);
        Sweep(interval, at);

        var host = doc.GetString(_hostField) ?? string.Empty;
        var job = doc.GetString(_jobField) ?? string.Empty;
        var key = (id, host, job);
        if (!_bursts.TryGetValue(key, out var burst))
        {
            burst = new PatternBurst();
            _bursts[key] = burst;
        }

        var count = burst.Add(at, _options.Interval, message, _options.MaxExampleLength);
        if (at < _start.Value + _options.Warmup || at < burst.QuietUntil || rate > _options.RareRate || count < _options.MinBurst)
        {
            return null;
        }

        var expected = Math.Max(rate, _options.RateFloor);
        var p = PoissonTail.AtLeast(count, expected);
        if (p > _options.Alpha)
        {
            return null;
        }

        burst.QuietUntil = at + _options.Cooldown;
        var labels = new List<(string, string)> { ("pattern", id) };
        if (host.Length > 0)
        {
            labels.Add(("host", host));
        }

        if (job.Length > 0)
        {
            labels.Add(("job", job));
        }

        var isNew = baseline.FirstSeen >= _start.Value + _options.Warmup && at - baseline.FirstSeen < _options.NewFor;
        var what = isNew
            ? string.Create(CultureInfo.InvariantCulture, $"new log pattern (first seen {(at - baseline.FirstSeen).TotalMinutes:F0} min ago)")
            : string.Create(CultureInfo.InvariantCulture, $"rare log pattern (baseline {rate:G3} per {_options.Interval.TotalMinutes:G3} min cluster-wide)");
        var where = host.Length > 0 || job.Length > 0 ? $" on {string.Join(' ', new[] { host, job }.Where(s => s.Length > 0))}" : string.Empty;
        var explanation = string.Create(CultureInfo.InvariantCulture,
            $"{what}: {count} events in {_options.Interval.TotalMinutes:G3} min{where} (p = {p:G2}); template: {baseline.Template}; example: {burst.Example}");
        var score = 100.0 * (1.0 - p);
        return new Anomaly(DetectorName, baseline.ErrorLevel ? ErrorKind : Kind, LabelSet.Of([.. labels]), at, score, explanation);
    }

    private bool IsErrorLevel(string? level, string template)
    {
        if (level is { Length: > 0 })
        {
            return _options.ErrorLevels.Contains(level.Trim(), StringComparer.OrdinalIgnoreCase);
        }

        return _options.ErrorWords.Count > 0 && _errorWords.IsMatch(template);
    }

    /// <summary>Once per interval: drops counters with nothing in their window and no cool-down left, then the oldest beyond the bound.</summary>
    private void Sweep(long interval, DateTimeOffset at)
    {
        if (interval <= _lastSweep && _bursts.Count <= _options.MaxEntities)
        {
            return;
        }

        _lastSweep = interval;
        foreach (var (key, b) in _bursts.ToList())
        {
            b.Trim(at - _options.Interval);
            if (b.Count == 0 && b.QuietUntil <= at)
            {
                _bursts.Remove(key);
            }
        }

        if (_bursts.Count > _options.MaxEntities)
        {
            // Down to nine tenths, so a flood of new host/job pairs does not sort the counters on every event.
            var keep = _options.MaxEntities - (_options.MaxEntities / 10);
            foreach (var (key, _) in _bursts.OrderBy(p => p.Value.LastSeen).Take(_bursts.Count - keep).ToList())
            {
                _bursts.Remove(key);
            }
        }
    }

    /// <summary>Forgets the least recently seen tenth of the patterns when over the bound (amortised: not on every new pattern).</summary>
    private void Bound()
    {
        if (_patterns.Count <= _options.MaxPatterns)
        {
            return;
        }

        var drop = Math.Max(1, _patterns.Count / 10);
        foreach (var (id, _) in _patterns.OrderBy(p => p.Value.LastSeen).Take(drop).ToList())
        {
            _patterns.Remove(id);
        }
    }
}
