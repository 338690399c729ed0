using Observability.Detection.Alerting;
using Observability.Detection.Anomalies;

namespace Observability.Detection.Multivariate;

/// <summary>
/// Multivariate detector for one entity kind (GPUs, or nodes): each entity's feature vector is standardised
/// against that entity's own history, scored by the current <see cref="PcaModel"/> (reconstruction residual),
/// and added to a rolling training window from which the model is retrained with ML.NET's RandomizedPca every
/// <see cref="PcaOptions.RetrainInterval"/>. The explanation names the features with the largest residuals.
/// </summary>
public sealed class MultivariateDetector
{
    private readonly string _kind;
    private readonly IReadOnlyList<string> _features;
    private readonly IReadOnlyList<double> _minStd;
    private readonly PcaOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, EntityStandardiser> _entities = new(StringComparer.Ordinal);
    private readonly float[][] _window;
    private readonly float[] _z;
    private readonly double[] _residual;
    private int _windowCount;
    private int _windowNext;
    private DateTimeOffset _nextTraining = DateTimeOffset.MinValue;

    public MultivariateDetector(string kind, IReadOnlyList<string> features, IReadOnlyList<double> minStd, PcaOptions options, TimeProvider time)
    {
        if (features.Count != minStd.Count)
        {
            throw new ArgumentException($"{kind}: {features.Count} features but {minStd.Count} minimum scales");
        }

        options.Validate(features.Count);
        _kind = kind;
        _features = features;
        _minStd = minStd;
        _options = options;
        _time = time;
        _window = new float[options.TrainingWindow][];
        _z = new float[features.Count];
        _residual = new double[features.Count];
    }

    public PcaModel? Model { get; private set; }

    public int Trainings { get; private set; }

    public long Scored { get; private set; }

    public IReadOnlyList<string> Features => _features;

    /// <summary>Scores one vector of <paramref name="entity"/> (values in <see cref="Features"/> order); returns an anomaly when the score reaches the threshold.</summary>
    public Anomaly? Add(LabelSet entity, ReadOnlySpan<double> values, DateTimeOffset at)
    {
        if (!_entities.TryGetValue(entity.Fingerprint, out var std))
        {
            std = new EntityStandardiser(_minStd, _options.StandardisationAlpha);
            _entities[entity.Fingerprint] = std;
        }

        var warm = std.Count >= _options.EntityWarmup;
        std.Standardise(values, _z);
        if (!warm)
        {
            return null;
        }

        Anomaly? result = null;
        if (Model is { } model)
        {
            Scored++;
            var norm = model.ResidualNorm(_z, _residual);
            var score = model.Score(norm);
            if (score >= _options.Threshold)
            {
                result = new Anomaly("pca", _kind, entity, at, score, Explain(norm, model, values));
            }
            else
            {
                Remember();
            }
        }
        else
        {
            Remember();
        }

        MaybeRetrain();
        return result;
    }

    /// <summary>Trains now if the schedule says so and enough vectors are in the window.</summary>
    public bool MaybeRetrain()
    {
        var now = _time.GetUtcNow();
        if (now < _nextTraining || _windowCount < _options.MinTrainingVectors)
        {
            return false;
        }

        var vectors = new List<float[]>(_windowCount);
        for (var i = 0; i < _windowCount; i++)
        {
            vectors.Add(_window[i]);
        }

        Model = PcaModel.Train(vectors, _options.Rank, _options.Seed);
        Trainings++;
        _nextTraining = now + _options.RetrainInterval;
        return true;
    }

    // Anomalous vectors are kept out of the training window so a fault does not become "normal".
    private void Remember()
    {
        _window[_windowNext] = (float[])_z.Clone();
        _windowNext = (_windowNext + 1) % _window.Length;
        _windowCount = Math.Min(_windowCount + 1, _window.Length);
    }

    private string Explain(double norm, PcaModel model, ReadOnlySpan<double> values)
    {
        var order = Enumerable.Range(0, _features.Count).OrderByDescending(i => Math.Abs(_residual[i])).Take(3);
        var parts = new List<string>();
        foreach (var i in order)
        {
            var share = norm > 0 ? _residual[i] * _residual[i] / (norm * norm) : 0;
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{_features[i]}={values[i]:G4} (z {_z[i]:+0.0;-0.0}, {share:P0} of residual)"));
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"PCA residual {norm:F2} = {norm / model.ResidualScale:F1}× the training p99; driven by {string.Join(", ", parts)}");
    }
}
