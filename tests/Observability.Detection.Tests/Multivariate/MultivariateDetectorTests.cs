using Microsoft.Extensions.Time.Testing;
using Observability.Detection.Alerting;
using Observability.Detection.Multivariate;

namespace Observability.Detection.Tests.Multivariate;

public sealed class MultivariateDetectorTests
{
    [Fact]
    public void RandomizedPca_learns_the_correlation_and_flags_a_vector_that_breaks_it_naming_the_feature()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero));
        string[] features = ["util", "power", "temp"];
        var detector = new MultivariateDetector("gpu", features, [0.01, 1, 0.5], new PcaOptions { Rank = 1, MinTrainingVectors = 200, RetrainInterval = TimeSpan.FromMinutes(5), Threshold = 90 }, time);
        var rng = new Random(4);
        var entities = Enumerable.Range(0, 4).Select(g => LabelSet.Of(("host", "n1"), ("gpu", g.ToString(System.Globalization.CultureInfo.InvariantCulture)))).ToArray();
        var flagged = 0;
        for (var i = 0; i < 600; i++)
        {
            time.Advance(TimeSpan.FromSeconds(10));
            foreach (var e in entities)
            {
                var load = rng.NextDouble();
                if (detector.Add(e, [load, 100 + (250 * load) + rng.NextDouble(), 50 + (30 * load) + (0.3 * rng.NextDouble())], time.GetUtcNow()) is not null)
                {
                    flagged++;
                }
            }
        }

        Assert.True(detector.Trainings >= 2, $"trainings {detector.Trainings}");
        Assert.InRange(flagged, 0, 12); // normal data: (almost) nothing flagged

        // Temperature far too high for the load (a cooling fault): the residual points at temp.
        var anomaly = detector.Add(entities[0], [0.2, 150, 95], time.GetUtcNow());
        Assert.NotNull(anomaly);
        Assert.InRange(anomaly.Score, 90, 100);
        Assert.StartsWith("PCA residual", anomaly.Explanation, StringComparison.Ordinal);
        Assert.Contains("driven by temp=95", anomaly.Explanation, StringComparison.Ordinal);
    }
}
