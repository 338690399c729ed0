using Observability.Core.Metrics;
using Observability.Core.Options;
using Observability.Detection.Alerting;
using Observability.Detection.Multivariate;
using Observability.Detection.Patterns;
using Observability.Detection.SingleSeries;
using Observability.Detection.Training;

namespace Observability.Detection.Hosting;

/// <summary>Settings of the detector and alerter (configuration section <c>Detection</c>).</summary>
public sealed class DetectionOptions
{
    public const string Section = "Detection";

    /// <summary>Folder of rule YAML files (<c>*.yml</c>); missing folder = built-in rules only.</summary>
    public string RulesDirectory { get; set; } = "rules";

    /// <summary>DuckDB file of <c>obs-alerts</c>, silences and the notification log (embedded mode).</summary>
    public string AlertStorePath { get; set; } = "data/alerts.duckdb";

    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Publish alert state changes to <c>obs.alerts</c>.</summary>
    public bool PublishAlerts { get; set; } = true;

    /// <summary>Numeric fields watched by the single-series detector, per entity (host, GPU).</summary>
    public List<string> SeriesFields { get; set; } = ["gpu.temperature.celsius", "gpu.power.usage.watts", "system.cpu.total.norm.pct"];

    /// <summary>GPU features for the multivariate detector, with their minimum scale (so a flat feature is not amplified).</summary>
    public Dictionary<string, double> GpuFeatures { get; set; } = new()
    {
        // Ratios in their catalogued unit (0–1): 2 and 1 percentage points.
        [MetricCatalog.GpuUtilization.Name] = MetricCatalog.GpuUtilization.FromPercent(2),
        [MetricCatalog.GpuMemoryUsedRatio.Name] = MetricCatalog.GpuMemoryUsedRatio.FromPercent(1),
        ["gpu.temperature.celsius"] = 1.0,
        ["gpu.power.usage.watts"] = 5.0,
        ["gpu.clock.sm.mhz"] = 20.0,
    };

    /// <summary>Node features for the multivariate detector (Metricbeat-like names) with their minimum scale.</summary>
    public Dictionary<string, double> NodeFeatures { get; set; } = new()
    {
        ["system.cpu.total.norm.pct"] = 0.02,
        ["system.memory.actual.used.pct"] = 0.01,
        ["system.load.1"] = 0.1,
        ["system.network.in.bytes"] = 1e4,
        ["system.network.out.bytes"] = 1e4,
    };

    public SeriesDetectorOptions Series { get; set; } = new();

    public PcaOptions Pca { get; set; } = new();

    /// <summary>Bursts of new or rare log patterns (per <c>log.pattern.id</c> and host/job).</summary>
    public PatternRateOptions Patterns { get; set; } = new();

    public TrainingFields TrainingFields { get; set; } = new();

    public List<ReceiverOptions> Receivers { get; set; } = [];

    /// <summary>Route for every alert (Alertmanager's root route).</summary>
    public string DefaultReceiver { get; set; } = "default";

    public List<string> GroupBy { get; set; } = ["alertname", "host"];

    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RepeatInterval { get; set; } = TimeSpan.FromHours(4);

    public string ExternalUrl { get; set; } = "http://127.0.0.1:9093";

    /// <summary>Alertmanagers every alert is pushed to (<c>POST /api/v2/alerts</c>), besides the receivers above.</summary>
    public List<Alertmanager.AlertmanagerTargetOptions> Alertmanagers { get; set; } = [];

    /// <summary>How often a still-firing alert is sent to the Alertmanagers again (Prometheus' resend delay).</summary>
    public TimeSpan AlertmanagerResendDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Base of the alerts' <c>generatorURL</c> (<c>{base}/api/search?q=…&amp;from=…</c>, the alert's documents); null:
    /// <c>obs up</c> fills in its query API's address, a standalone detector leaves the link out.
    /// </summary>
    public string? GeneratorBaseUrl { get; set; }

    /// <summary>
    /// Checks the whole section, each error an <see cref="ObsConfigException"/> naming its obs.yml key
    /// (<c>detection.patterns.rare_rate</c>, <c>detection.receivers[0].email.port</c>).
    /// </summary>
    public void Validate()
    {
        OptionsCheck.That(EvaluationInterval > TimeSpan.Zero, "detection.evaluation_interval", $"must be > 0, got {EvaluationInterval}");
        OptionsCheck.NotEmpty("detection.alert_store_path", AlertStorePath);
        Series.Validate("detection.series");
        Patterns.Validate("detection.patterns");
        Pca.Validate(Math.Min(GpuFeatures.Count, NodeFeatures.Count), "detection.pca");
        for (var i = 0; i < Receivers.Count; i++)
        {
            Receivers[i].Validate($"detection.receivers[{i}]");
        }

        for (var i = 0; i < Alertmanagers.Count; i++)
        {
            Alertmanagers[i].Validate($"detection.alertmanagers[{i}]");
        }

        OptionsCheck.That(AlertmanagerResendDelay > TimeSpan.Zero, "detection.alertmanager_resend_delay", $"must be > 0, got {AlertmanagerResendDelay}");
        OptionsCheck.That(GeneratorBaseUrl is null || Uri.TryCreate(GeneratorBaseUrl, UriKind.Absolute, out _), "detection.generator_base_url",
            $"'{GeneratorBaseUrl}' is not an absolute URL");
        Route().Validate();
    }

    public Route Route() => new()
    {
        Receiver = DefaultReceiver,
        GroupBy = GroupBy,
        GroupWait = GroupWait,
        GroupInterval = GroupInterval,
        RepeatInterval = RepeatInterval,
    };
}
