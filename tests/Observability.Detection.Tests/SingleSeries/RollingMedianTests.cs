using Observability.Detection.SingleSeries;

namespace Observability.Detection.Tests.SingleSeries;

public sealed class RollingMedianTests
{
    [Theory]
    [InlineData(7, 1)]
    [InlineData(256, 2)]
    [InlineData(255, 3)]
    public void Median_and_mad_equal_those_of_the_sorted_window_exactly(int capacity, int seed)
    {
        var rng = new Random(seed);
        var median = new RollingMedian(capacity) { MadRefresh = 1 };
        var window = new Queue<double>();
        for (var i = 0; i < 2_000; i++)
        {
            // Rounded values give ties; a level shift half-way moves the median through the old values.
            var value = Math.Round((i < 1_000 ? 10 : 40) + (rng.NextDouble() * 8), 1);
            median.Add(value);
            window.Enqueue(value);
            if (window.Count > capacity)
            {
                window.Dequeue();
            }

            var sorted = window.Order().ToArray();
            var m = MedianOf(sorted);
            Assert.Equal(m, median.Median());
            Assert.Equal(MedianOf([.. sorted.Select(v => Math.Abs(v - m)).Order()]), median.Mad());
        }
    }

    private static double MedianOf(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
}
