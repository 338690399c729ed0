using Observability.Core.Options;

namespace Observability.Detection.Patterns;

/// <summary>Settings of <see cref="PatternRateDetector"/> (configuration section <c>Detection:Patterns</c>).</summary>
public sealed class PatternRateOptions
{
    /// <summary>Watch log patterns at all (needs the indexer's pattern mining, which sets <see cref="PatternIdField"/>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sliding window a burst is counted over, and the unit of the rates below.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Half-life of a pattern's cluster-wide baseline rate (an exponentially weighted mean of its per-interval counts).</summary>
    public TimeSpan BaselineHalfLife { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Event time after the first event during which patterns are learned and nothing fires (at start every pattern is new).</summary>
    public TimeSpan Warmup { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A pattern is rare while its cluster-wide baseline is at most this many events per interval; only rare or new patterns can fire.</summary>
    public double RareRate { get; set; } = 0.5;

    /// <summary>
    /// Most events one interval adds to a pattern's baseline (above <see cref="RareRate"/>, so a frequent pattern
    /// still leaves the rare set): a burst does not make its pattern look common afterwards.
    /// </summary>
    public double BaselineCap { get; set; } = 2;

    /// <summary>Events of one pattern on one host/job within an interval needed to fire, whatever the baseline.</summary>
    public int MinBurst { get; set; } = 3;

    /// <summary>A burst fires when a Poisson count with the pattern's baseline rate reaches it with at most this probability.</summary>
    public double Alpha { get; set; } = 1e-4;

    /// <summary>Expected events per interval of a pattern never seen before (its baseline is zero; a rate cannot be).</summary>
    public double RateFloor { get; set; } = 0.01;

    /// <summary>A pattern younger than this (from its first event) is reported as new rather than rare.</summary>
    public TimeSpan NewFor { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After firing, the same pattern on the same host/job stays quiet this long (one burst, one anomaly).</summary>
    public TimeSpan Cooldown { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Patterns tracked (the least recently seen are forgotten beyond it): a memory bound.</summary>
    public int MaxPatterns { get; set; } = 20_000;

    /// <summary>Pattern × host × job counters kept (idle ones are dropped first): a memory bound.</summary>
    public int MaxEntities { get; set; } = 100_000;

    /// <summary>Characters of the example line carried in the alert.</summary>
    public int MaxExampleLength { get; set; } = 400;

    public string PatternIdField { get; set; } = "log.pattern.id";

    public string TemplateField { get; set; } = "log.pattern.template";

    public string LevelField { get; set; } = "log.level";

    /// <summary>Levels that make a pattern error-level (its bursts go to the error rule).</summary>
    public List<string> ErrorLevels { get; set; } = ["error", "err", "critical", "crit", "fatal", "emerg", "emergency", "alert", "panic"];

    /// <summary>Words that make a pattern error-level when its event carries no level (kernel and NCCL lines often do not).</summary>
    public List<string> ErrorWords { get; set; } = ["error", "fatal", "panic", "exception", "traceback", "out of memory", "oom", "xid", "segfault", "timeout", "timed out", "failed", "failure"];

    /// <summary>Checks every parameter; <paramref name="prefix"/> is the obs.yml block the options were bound from.</summary>
    public void Validate(string prefix = "detection.patterns")
    {
        OptionsCheck.That(Interval > TimeSpan.Zero, $"{prefix}.interval", $"must be > 0, got {Interval}");
        OptionsCheck.That(BaselineHalfLife > TimeSpan.Zero, $"{prefix}.baseline_half_life", $"must be > 0, got {BaselineHalfLife}");
        OptionsCheck.That(Warmup >= TimeSpan.Zero, $"{prefix}.warmup", $"must be >= 0, got {Warmup}");
        OptionsCheck.That(Cooldown >= TimeSpan.Zero, $"{prefix}.cooldown", $"must be >= 0, got {Cooldown}");
        OptionsCheck.That(NewFor >= TimeSpan.Zero, $"{prefix}.new_for", $"must be >= 0, got {NewFor}");
        OptionsCheck.That(RareRate > 0, $"{prefix}.rare_rate", $"must be > 0, got {RareRate}");
        OptionsCheck.That(RateFloor > 0, $"{prefix}.rate_floor", $"must be > 0, got {RateFloor}");
        OptionsCheck.That(MinBurst >= 1, $"{prefix}.min_burst", $"must be >= 1, got {MinBurst}");
        OptionsCheck.That(Alpha is > 0 and < 1, $"{prefix}.alpha", $"must be in (0, 1), got {Alpha}");
        OptionsCheck.That(BaselineCap > RareRate, $"{prefix}.baseline_cap", $"must be above rare_rate ({RareRate}), got {BaselineCap}");
        OptionsCheck.That(MaxPatterns >= 1, $"{prefix}.max_patterns", $"must be >= 1, got {MaxPatterns}");
        OptionsCheck.That(MaxEntities >= 1, $"{prefix}.max_entities", $"must be >= 1, got {MaxEntities}");
        OptionsCheck.That(MaxExampleLength >= 16, $"{prefix}.max_example_length", $"must be >= 16, got {MaxExampleLength}");
        OptionsCheck.That(!string.IsNullOrEmpty(PatternIdField), $"{prefix}.pattern_id_field", "must be set");
    }
}
