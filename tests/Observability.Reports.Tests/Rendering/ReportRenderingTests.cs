using System.Text.RegularExpressions;
using Observability.Reports.Model;
using Observability.Reports.Rendering;
using Observability.Reports.Tests.Seed;
using SkiaSharp;

namespace Observability.Reports.Tests.Rendering;

/// <summary>The HTML carries every chart as a drawn PNG, reads "no data" for empty sections, and opens in headless Chromium.</summary>
public sealed partial class ReportRenderingTests(SeededStoreFixture f) : IClassFixture<SeededStoreFixture>
{
    private static readonly string[] ExpectedCharts = ["gpu-utilization-histogram", "gpu-utilization-heatmap", "log-error-rate", "training-throughput", "ingest-volume"];

    [Fact]
    public void Every_chart_is_embedded_as_a_png_that_is_not_blank()
    {
        var html = new HtmlReportRenderer(new ChartRenderer()).Render(f.Report);
        var charts = ChartImages().Matches(html).ToDictionary(m => m.Groups["name"].Value, m => Convert.FromBase64String(m.Groups["data"].Value));
        Assert.Equal(ExpectedCharts.Order(), charts.Keys.Order());
        foreach (var (name, png) in charts)
        {
            using var bitmap = SKBitmap.Decode(png);
            Assert.NotNull(bitmap);
            Assert.True(DistinctColours(bitmap) > 20, $"chart {name} looks blank");
        }

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Sections_without_data_say_no_data_and_draw_no_chart()
    {
        var empty = f.Report with
        {
            Training = new TrainingSection(false, Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null), Figure.Of(null, null),
                Figure.Of(null, null), Figure.Of(null, null), [], []),
        };
        var html = new HtmlReportRenderer(new ChartRenderer()).Render(empty);
        Assert.DoesNotContain("data-chart=\"training-throughput\"", html, StringComparison.Ordinal);
        var training = html[html.IndexOf("<h2>Training</h2>", StringComparison.Ordinal)..];
        Assert.StartsWith("<h2>Training</h2><p class=\"nodata\">no data", training, StringComparison.Ordinal);
        Assert.Contains("## Training\n\n- no data", MarkdownReportRenderer.Render(empty), StringComparison.Ordinal);
    }

    [Fact]
    public void Html_escapes_text_from_the_store()
    {
        var hostile = f.Report with { Name = "<img src=x onerror=alert(1)>" };
        var html = new HtmlReportRenderer(new ChartRenderer()).Render(hostile);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x", html, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task The_page_opens_in_headless_chromium_and_the_screenshot_is_not_blank()
    {
        var dir = Path.Combine(f.Db.Directory.Path, "shot");
        Directory.CreateDirectory(dir);
        var htmlPath = Path.Combine(dir, "report.html");
        await File.WriteAllTextAsync(htmlPath, new HtmlReportRenderer(new ChartRenderer()).Render(f.Report));
        var png = Path.Combine(dir, "report.png");

        await HeadlessChromium.ScreenshotAsync(htmlPath, png, 1280, 4000, TimeSpan.FromSeconds(120));

        using var shot = SKBitmap.Decode(png);
        Assert.Equal(1280, shot.Width);
        Assert.True(DistinctColours(shot) > 50, "the screenshot looks blank");
        // The orange histogram bars (ScottPlot DarkOrange) are on the page: the charts were drawn, not just the text.
        Assert.True(CountNear(shot, new SKColor(255, 140, 0)) > 1000, "no chart pixels in the screenshot");
        if (Environment.GetEnvironmentVariable("OBS_REPORT_SCREENSHOT") is { Length: > 0 } keep)
        {
            File.Copy(png, keep, overwrite: true); // how docs/report-example.png is made
        }
    }

    private static int DistinctColours(SKBitmap b)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < b.Height; y += 3)
        {
            for (var x = 0; x < b.Width; x += 3)
            {
                colours.Add((uint)b.GetPixel(x, y));
            }
        }

        return colours.Count;
    }

    private static int CountNear(SKBitmap b, SKColor c)
    {
        var n = 0;
        for (var y = 0; y < b.Height; y += 2)
        {
            for (var x = 0; x < b.Width; x += 2)
            {
                var p = b.GetPixel(x, y);
                if (Math.Abs(p.Red - c.Red) < 20 && Math.Abs(p.Green - c.Green) < 20 && Math.Abs(p.Blue - c.Blue) < 20)
                {
                    n++;
                }
            }
        }

        return n;
    }

    [GeneratedRegex("<img class=\"chart\" data-chart=\"(?<name>[a-z-]+)\" alt=\"[^\"]*\" src=\"data:image/png;base64,(?<data>[A-Za-z0-9+/=]+)\">")]
    private static partial Regex ChartImages();
}
