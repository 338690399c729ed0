using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Observability.Detection.Multivariate;

/// <summary>
/// A principal subspace trained with ML.NET's <c>RandomizedPcaTrainer</c>. Scoring projects a standardised
/// vector onto the subspace and measures what is left (the reconstruction residual): its norm relative to the
/// training residuals gives the score, and the per-feature residuals say which features drove it.
/// </summary>
public sealed class PcaModel
{
    private readonly float[][] _components;
    private readonly float[] _mean;
    private readonly double _residualScale;

    private PcaModel(float[][] components, float[] mean, double residualScale)
    {
        _components = components;
        _mean = mean;
        _residualScale = residualScale;
    }

    public int Features => _mean.Length;

    /// <summary>The training residual norm at the 99th percentile: a residual this large scores 50.</summary>
    public double ResidualScale => _residualScale;

    public static PcaModel Train(IReadOnlyList<float[]> vectors, int rank, int seed)
    {
        var n = vectors[0].Length;
        var ml = new MLContext(seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, n);
        var data = ml.Data.LoadFromEnumerable(vectors.Select(v => new Row { Features = v }), schema);
        var trainer = ml.AnomalyDetection.Trainers.RandomizedPca(new RandomizedPcaTrainer.Options
        {
            FeatureColumnName = nameof(Row.Features),
            Rank = rank,
            EnsureZeroMean = true,
            Seed = seed,
        });
        var transformer = trainer.Fit(data);
        var parameters = transformer.Model;
        VBuffer<float>[] eigen = [];
        parameters.GetEigenVectors(ref eigen, out var k);
        VBuffer<float> mean = default;
        parameters.GetMean(ref mean);
        var components = eigen.Take(k).Select(e => e.DenseValues().ToArray()).ToArray();
        var meanArray = mean.Length == n ? mean.DenseValues().ToArray() : new float[n];
        var partial = new PcaModel(components, meanArray, 1.0);
        var norms = vectors.Select(v => partial.ResidualNorm(v, null)).Order().ToList();
        var q99 = norms[Math.Min(norms.Count - 1, (int)(0.99 * norms.Count))];
        return new PcaModel(components, meanArray, Math.Max(q99, 1e-3));
    }

    /// <summary>Norm of the part of <paramref name="x"/> the subspace does not explain; per-feature residuals into <paramref name="residual"/>.</summary>
    public double ResidualNorm(ReadOnlySpan<float> x, Span<double> residual)
    {
        var n = _mean.Length;
        Span<double> centred = n <= 64 ? stackalloc double[n] : new double[n];
        for (var i = 0; i < n; i++)
        {
            centred[i] = x[i] - _mean[i];
        }

        Span<double> r = residual.IsEmpty ? (n <= 64 ? stackalloc double[n] : new double[n]) : residual;
        centred.CopyTo(r);
        foreach (var c in _components)
        {
            double dot = 0;
            for (var i = 0; i < n; i++)
            {
                dot += c[i] * centred[i];
            }

            for (var i = 0; i < n; i++)
            {
                r[i] -= dot * c[i];
            }
        }

        double sum = 0;
        for (var i = 0; i < n; i++)
        {
            sum += r[i] * r[i];
        }

        return Math.Sqrt(sum);
    }

    /// <summary>0–100: 50 at the training residuals' 99th percentile, ~94 at twice it, ~100 beyond three times.</summary>
    public double Score(double residualNorm)
    {
        var s = residualNorm / _residualScale;
        return 100.0 * (1.0 - Math.Pow(2, -(s * s)));
    }

    private sealed class Row
    {
        public float[] Features { get; set; } = [];
    }
}
