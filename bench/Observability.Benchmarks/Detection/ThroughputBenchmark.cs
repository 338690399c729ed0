using System.Diagnostics;
using Observability.Detection.Multivariate;
using Observability.Detection.SingleSeries;

namespace Observability.Benchmarks.Detection;

/// <summary>
/// Scoring throughput: every sample is one point through a <see cref="SeriesAnomalyDetector"/> (Spectral Residual +
/// robust statistics) and one 5-feature vector standardised per entity and scored by a trained <see cref="PcaModel"/>.
/// Entities are spread over all cores (detectors are per entity; the model is shared read-only). Data is generated
/// before the clock starts.
/// </summary>
public static class ThroughputBenchmark
{
    public static ThroughputResult MeasureScoring(int entities, int samplesPerEntity, int seed = 7)
    {
        const int features = 5;
        var rng = new Random(seed);
        var series = new double[entities][];
        var vectors = new double[entities][];
        for (var e = 0; e < entities; e++)
        {
            series[e] = new double[samplesPerEntity];
            vectors[e] = new double[samplesPerEntity * features];
            for (var i = 0; i < samplesPerEntity; i++)
            {
                var load = 0.6 + (0.3 * Math.Sin(i / 50.0)) + (0.05 * rng.NextDouble());
                series[e][i] = 60 + (20 * load) + rng.NextDouble();
                vectors[e][(i * features) + 0] = load;
                vectors[e][(i * features) + 1] = 0.5 + (0.01 * rng.NextDouble());
                vectors[e][(i * features) + 2] = 60 + (20 * load) + rng.NextDouble();
                vectors[e][(i * features) + 3] = 100 + (200 * load) + (5 * rng.NextDouble());
                vectors[e][(i * features) + 4] = 1400 + (10 * rng.NextDouble());
            }
        }

        var minStd = new double[] { 0.02, 0.01, 1, 5, 20 };
        var training = new List<float[]>();
        var trainer = new EntityStandardiser(minStd, 0.01);
        var z = new float[features];
        for (var i = 0; i < 2048; i++)
        {
            trainer.Standardise(vectors[0].AsSpan(i * features, features), z);
            training.Add((float[])z.Clone());
        }

        var model = PcaModel.Train(training, rank: 2, seed: 1);
        var threads = Environment.ProcessorCount;
        // Warm-up, not timed: the JIT recompiles hot methods optimised only after they ran a while (tiered
        // compilation), and a detector in obs up runs for hours, so the steady state is what is measured.
        Score(Math.Min(entities, threads * 2), Math.Min(samplesPerEntity, 5_000));
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var sw = Stopwatch.StartNew();
        var flagged = Score(entities, samplesPerEntity);
        sw.Stop();
        process.Refresh();
        var cpuSeconds = (process.TotalProcessorTime - cpu).TotalSeconds;
        var samples = (long)entities * samplesPerEntity;
        return new ThroughputResult(samples, sw.Elapsed.TotalSeconds, samples / sw.Elapsed.TotalSeconds, threads, flagged, cpuSeconds);

        long Score(int entityCount, int perEntity)
        {
            long total = 0;
            Parallel.For(0, entityCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, e => Interlocked.Add(ref total, ScoreEntity(e, perEntity)));
            return total;
        }

        long ScoreEntity(int e, int perEntity)
        {
            var sr = new SeriesAnomalyDetector();
            var std = new EntityStandardiser(minStd, 0.01);
            var zz = new float[features];
            long local = 0;
            for (var i = 0; i < perEntity; i++)
            {
                if (sr.Add(series[e][i]).IsAnomaly)
                {
                    local++;
                }

                std.Standardise(vectors[e].AsSpan(i * features, features), zz);
                if (model.Score(model.ResidualNorm(zz, default)) >= 90)
                {
                    local++;
                }
            }

            return local;
        }
    }
}
