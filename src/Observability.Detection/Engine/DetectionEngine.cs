using Observability.Core.Documents;
using Observability.Core.Telemetry;
using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;
using Observability.Detection.Hosting;
using Observability.Detection.Multivariate;
using Observability.Detection.Patterns;
using Observability.Detection.Rules;
using Observability.Detection.SingleSeries;
using Observability.Detection.Training;

namespace Observability.Detection.Engine;

/// <summary>
/// Routes each incoming document to the detectors that understand it — training documents to the training
/// detector, GPU metrics to the GPU health, multivariate (PCA) and single-series detectors, node metrics to the
/// node PCA and series detectors, log events with a mined pattern to the pattern-rate detector — and every document and anomaly to the rule engine. Thread-safe (one lock:
/// detectors are cheap per sample; scale out by partitioning entities across instances).
/// </summary>
public sealed class DetectionEngine
{
    private readonly DetectionOptions _options;
    private readonly TrainingDetector _training;
    private readonly GpuHealthDetector _gpuHealth;
    private readonly MultivariateDetector _gpuPca;
    private readonly MultivariateDetector _nodePca;
    private readonly PatternRateDetector? _patterns;
    private readonly string[] _gpuFeatures;
    private readonly string[] _nodeFeatures;
    private readonly Dictionary<(string Entity, string Field), SeriesAnomalyDetector> _series = new();
    private readonly Lock _gate = new();
    private readonly double[] _gpuVector;
    private readonly double[] _nodeVector;

    public DetectionEngine(DetectionOptions options, RuleEngine rules, TimeProvider time)
    {
        options.Validate();
        _options = options;
        Rules = rules;
        _training = new TrainingDetector(options.TrainingFields);
        _gpuHealth = new GpuHealthDetector(options.TrainingFields);
        _gpuFeatures = options.GpuFeatures.Keys.ToArray();
        _nodeFeatures = options.NodeFeatures.Keys.ToArray();
        _gpuPca = new MultivariateDetector("gpu", _gpuFeatures, options.GpuFeatures.Values.ToArray(), options.Pca, time);
        _nodePca = new MultivariateDetector("node", _nodeFeatures, options.NodeFeatures.Values.ToArray(), options.Pca, time);
        _patterns = options.Patterns.Enabled ? new PatternRateDetector(options.Patterns, options.TrainingFields.Host, options.TrainingFields.JobId) : null;
        _gpuVector = new double[_gpuFeatures.Length];
        _nodeVector = new double[_nodeFeatures.Length];
    }

    public RuleEngine Rules { get; }

    /// <summary>
    /// On meter <c>Observability.Detection</c>: documents <c>received</c>, <c>anomalies</c> found, <c>dropped{invalid}</c>
    /// (bad messages skipped), <c>failed{detector_error}</c> (documents a detector threw on: a bug; the document itself is
    /// stored anyway).
    /// </summary>
    public ComponentTelemetry Telemetry { get; } = new ComponentTelemetry("Detection")
        .With(TelemetryNames.Received).With("anomalies").With(TelemetryNames.Dropped, "invalid").With(TelemetryNames.Failed, "detector_error");

    public MultivariateDetector GpuPca => _gpuPca;

    /// <summary>Feeds one document; returns the anomalies it revealed (already passed to the rule engine).</summary>
    public IReadOnlyList<Anomaly> Observe(EcsDocument doc, DateTimeOffset arrival)
    {
        var found = new List<Anomaly>();
        lock (_gate)
        {
            var f = _options.TrainingFields;
            var at = doc.Timestamp ?? arrival;
            if (doc.GetString(f.JobId) is { } job)
            {
                if (doc.GetString(f.Host) is { } host)
                {
                    _gpuHealth.ObserveJob(host, job, doc.GetString(f.JobState), at);
                }

                found.AddRange(_training.Observe(doc, arrival));
            }

            var hostName = doc.GetString(EcsFields.HostName);
            var gpu = doc.GetString(f.GpuIndex) ?? doc.GetString("gpu.uuid");
            if (hostName is not null && gpu is not null)
            {
                found.AddRange(_gpuHealth.Observe(doc, arrival));
                var entity = LabelSet.Of(("host", hostName), ("gpu", gpu));
                if (Vector(doc, _gpuFeatures, _gpuVector) && _gpuPca.Add(entity, _gpuVector, at) is { } a)
                {
                    found.Add(a);
                }

                Series(doc, entity, at, found);
            }
            else if (hostName is not null)
            {
                var entity = LabelSet.Of(("host", hostName));
                if (Vector(doc, _nodeFeatures, _nodeVector) && _nodePca.Add(entity, _nodeVector, at) is { } a)
                {
                    found.Add(a);
                }

                Series(doc, entity, at, found);
            }

            if (_patterns?.Observe(doc, at) is { } burst)
            {
                found.Add(burst);
            }

            Rules.Observe(doc, arrival);
            foreach (var a in found)
            {
                Rules.Observe(a);
            }
        }

        Telemetry.Counter(TelemetryNames.Received).Add();
        Telemetry.Counter("anomalies").Add(found.Count);
        return found;
    }

    private void Series(EcsDocument doc, LabelSet entity, DateTimeOffset at, List<Anomaly> found)
    {
        foreach (var field in _options.SeriesFields)
        {
            if (doc.GetDouble(field) is not { } v)
            {
                continue;
            }

            var key = (entity.Fingerprint, field);
            if (!_series.TryGetValue(key, out var detector))
            {
                detector = new SeriesAnomalyDetector(_options.Series);
                _series[key] = detector;
            }

            var score = detector.Add(v);
            if (score.IsAnomaly)
            {
                found.Add(new Anomaly("series", field, entity, at, score.Score, $"{field}: {score.Explain()}"));
            }
        }
    }

    private static bool Vector(EcsDocument doc, string[] features, double[] into)
    {
        for (var i = 0; i < features.Length; i++)
        {
            if (doc.GetDouble(features[i]) is not { } v || !double.IsFinite(v))
            {
                return false;
            }

            into[i] = v;
        }

        return true;
    }
}
