using Observability.Reports.Model;
using ScottPlot;

namespace Observability.Reports.Rendering;

/// <summary>Draws the report's charts with ScottPlot (Skia, no display needed) into PNG bytes. A chart without data is not drawn.</summary>
public sealed class ChartRenderer(int width = 900, int height = 320)
{
    public IReadOnlyList<ReportChart> Render(HealthReport report)
    {
        var charts = new List<ReportChart>();
        if (report.Gpus.HasData && report.Gpus.UtilizationHistogram.Sum() > 0)
        {
            charts.Add(Histogram(report.Gpus.UtilizationHistogram));
        }

        if (report.Gpus.HasData && report.Gpus.PerGpu.Count > 0)
        {
            charts.Add(UtilizationHeatmap(report.Gpus.PerGpu));
        }

        if (report.Logs.HasData && report.Logs.ErrorRateTrend.Count > 0)
        {
            charts.Add(Trend("log-error-rate", "Log error rate per bucket (%)", "error %", report.Logs.ErrorRateTrend, Colors.Crimson));
        }

        if (report.Training.HasData && report.Training.ThroughputTrend.Count > 0)
        {
            charts.Add(Trend("training-throughput", "Training throughput (samples/s, all jobs)", "samples/s", report.Training.ThroughputTrend, Colors.SeaGreen));
        }

        if (report.Pipeline.HasData && report.Pipeline.IngestTrend.Count > 0)
        {
            charts.Add(Trend("ingest-volume", "Documents stored per bucket", "documents", report.Pipeline.IngestTrend, Colors.SteelBlue));
        }

        return charts;
    }

    private ReportChart Histogram(IReadOnlyList<long> buckets)
    {
        var plot = new Plot();
        var bars = plot.Add.Bars(buckets.Select(b => (double)b).ToArray());
        bars.Color = Colors.DarkOrange;
        plot.Axes.Bottom.SetTicks(
            [.. Enumerable.Range(0, buckets.Count).Select(i => (double)i)],
            [.. Enumerable.Range(0, buckets.Count).Select(i => $"{i * 10}-{(i * 10) + 10}")]);
        plot.Title("GPU utilisation distribution (samples per 10% bucket)");
        plot.YLabel("samples");
        plot.XLabel("utilisation %");
        plot.Axes.Margins(bottom: 0);
        return Png(plot, "gpu-utilization-histogram", "GPU utilisation distribution");
    }

    private ReportChart UtilizationHeatmap(IReadOnlyList<GpuSection.GpuUtilization> perGpu)
    {
        var hosts = perGpu.Select(g => g.Host).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var columns = perGpu.GroupBy(g => g.Host, StringComparer.Ordinal).Max(g => g.Count());
        var cells = new double[hosts.Count, columns];
        for (var r = 0; r < hosts.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                cells[r, c] = double.NaN;
            }
        }

        foreach (var host in perGpu.GroupBy(g => g.Host, StringComparer.Ordinal))
        {
            var row = hosts.IndexOf(host.Key);
            var col = 0;
            foreach (var gpu in host.OrderBy(g => g.Gpu, StringComparer.Ordinal))
            {
                cells[row, col++] = gpu.MeanPct;
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(cells);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 100);
        plot.Add.ColorBar(heatmap);
        // Cells are centred on integer coordinates: one tick per GPU column, no fractional positions.
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, columns).Select(i => (double)i)], [.. Enumerable.Range(0, columns).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        plot.Title("Mean GPU utilisation % (row = host, column = GPU)");
        plot.XLabel("GPU");
        plot.YLabel($"{hosts.Count} hosts");
        return Png(plot, "gpu-utilization-heatmap", "Mean GPU utilisation per host and GPU", Math.Max(height, Math.Min(1200, 12 * hosts.Count + 120)));
    }

    private ReportChart Trend(string name, string title, string yLabel, IReadOnlyList<TimePoint> points, Color color)
    {
        var plot = new Plot();
        var xs = points.Select(p => p.Time.UtcDateTime.ToOADate()).ToArray();
        var ys = points.Select(p => p.Value).ToArray();
        var line = plot.Add.Scatter(xs, ys);
        line.Color = color;
        line.LineWidth = 2;
        line.MarkerSize = 4;
        plot.Axes.DateTimeTicksBottom();
        plot.Title(title + " (UTC)");
        plot.YLabel(yLabel);
        return Png(plot, name, title);
    }

    private ReportChart Png(Plot plot, string name, string title, int? h = null) =>
        new(name, title, plot.GetImageBytes(width, h ?? height, ImageFormat.Png));
}
