using Microsoft.Extensions.DependencyInjection;
using Observability.Cli.Up.WebConsole;
using Observability.Detection.Alerting;
using Observability.Reports.Tests.Rendering;
using PuppeteerSharp;

namespace Observability.Cli.Tests.Console;

/// <summary>
/// The web console in Debian's headless chromium against a running obs up: each test works a page as a person would and
/// saves its screenshot under docs/console/.
/// </summary>
public sealed class ConsoleBrowserTests(ConsoleFixture fixture) : IClassFixture<ConsoleFixture>
{
    [ChromiumFact]
    public async Task A_query_shows_its_histogram_and_hits()
    {
        await using var page = await fixture.OpenAsync("discover?q=log.level%3Aerror&from=2h&to=now");
        await page.WaitForSelectorAsync("#hit-table tr.hit");

        var total = await page.EvaluateExpressionAsync<string>("document.getElementById('total').textContent");
        var rows = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#hit-table tr.hit').length");
        var bars = await page.EvaluateExpressionAsync<int>("[...document.querySelectorAll('#histogram rect.bar-rect')].filter(r => +r.getAttribute('height') > 0).length");
        var messages = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#hit-table td.msg')].map(t => t.textContent)");

        Assert.Equal($"{ConsoleFixture.ErrorLines} hits", total);
        Assert.Equal(ConsoleFixture.ErrorLines, rows);
        Assert.True(bars > 0, "the histogram drew no bar with hits");
        Assert.All(messages, m => Assert.Contains("CUDA out of memory", m, StringComparison.Ordinal));
        await ConsoleFixture.ScreenshotAsync(page, "discover");
    }

    [ChromiumFact]
    public async Task Dragging_across_the_histogram_zooms_the_time_range()
    {
        await using var page = await fixture.OpenAsync("discover?q=log.level%3Aerror&from=2h&to=now");
        await page.WaitForSelectorAsync("svg.histogram");
        var box = (await (await page.QuerySelectorAsync("svg.histogram"))!.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.70m), box.Y + 40);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + (box.Width * 0.85m), box.Y + 40);
        await page.Mouse.UpAsync();
        await page.WaitForFunctionAsync("() => document.getElementById('to') && document.getElementById('to').value.includes('T') && document.getElementById('total')");

        var from = DateTimeOffset.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('from').value"), System.Globalization.CultureInfo.InvariantCulture);
        var to = DateTimeOffset.Parse(await page.EvaluateExpressionAsync<string>("document.getElementById('to').value"), System.Globalization.CultureInfo.InvariantCulture);
        var total = await page.EvaluateExpressionAsync<string>("document.getElementById('total').textContent");
        Assert.True(from < to, $"{from:O} .. {to:O}");
        Assert.True(to - from < TimeSpan.FromMinutes(40), $"the range was not narrowed: {from:O} .. {to:O}");
        Assert.True(int.Parse(total.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) < ConsoleFixture.ErrorLines, total);
    }

    [ChromiumFact]
    public async Task A_value_from_the_field_sidebar_becomes_a_filter()
    {
        await using var page = await fixture.OpenAsync("discover?q=log.level%3Aerror&from=2h&to=now");
        await page.ClickAsync(".field[data-field='host.name']");
        await page.WaitForSelectorAsync(".values button.add");
        var value = await page.EvaluateExpressionAsync<string>("document.querySelector('.values span.v').textContent");
        await page.ClickAsync(".values button.add");
        await page.WaitForFunctionAsync("() => document.getElementById('kql') && document.getElementById('kql').value.includes('host.name:')");
        await page.WaitForSelectorAsync("#hit-table tr.hit");

        var query = await page.EvaluateExpressionAsync<string>("document.getElementById('kql').value");
        var hosts = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#hit-table tr.hit td:nth-child(3)')].map(t => t.textContent)");
        Assert.Equal($"(log.level:error) and host.name:\"{value}\"", query);
        Assert.NotEmpty(hosts);
        Assert.All(hosts, h => Assert.Equal(value, h));
        await ConsoleFixture.ScreenshotAsync(page, "discover-filter");
    }

    [ChromiumFact]
    public async Task A_hit_opens_as_its_document_with_its_surrounding_lines()
    {
        await using var page = await fixture.OpenAsync("discover?q=log.level%3Aerror&from=2h&to=now");
        await page.WaitForSelectorAsync("#hit-table tr.hit");
        await page.ClickAsync("#hit-table tr.hit");
        await page.WaitForSelectorAsync("tr.detail pre.doc");
        var json = await page.EvaluateExpressionAsync<string>("document.querySelector('tr.detail pre.doc').textContent");
        await page.ClickAsync("tr.detail button.surrounding");
        await page.WaitForSelectorAsync(".around .line.this");

        var lines = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('.around .line')].map(l => l.textContent)");
        Assert.Contains("/var/log/train/rank-", json, StringComparison.Ordinal);
        Assert.Contains("CUDA out of memory", json, StringComparison.Ordinal);
        Assert.True(lines.Length > 1, "only the hit itself came back as its surroundings");
        Assert.Contains(lines, l => l.Contains(" ok", StringComparison.Ordinal)); // info lines of the same file around the error
        await ConsoleFixture.ScreenshotAsync(page, "discover-document");
    }

    [ChromiumFact]
    public async Task A_bad_query_shows_the_parsers_error_with_its_position()
    {
        await using var page = await fixture.OpenAsync("discover?q=host.name%3A((&from=2h&to=now");
        await page.WaitForSelectorAsync("#kql-error");
        var error = await page.EvaluateExpressionAsync<string>("document.getElementById('kql-error').textContent");
        Assert.Contains("^", error, StringComparison.Ordinal);
        Assert.Contains("host.name:((", error, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task Live_tail_shows_lines_appended_while_it_follows()
    {
        await using var page = await fixture.OpenAsync("tail?q=message%3Atailed");
        await page.WaitForFunctionAsync("() => document.getElementById('tail-status').textContent === 'following'");
        var now = DateTimeOffset.UtcNow;
        await fixture.WriteAsync([.. Enumerable.Range(0, 3).Select(i => ConsoleFixture.LogLine($"tail-a-{i}", now.AddMilliseconds(i), "gpu-node-9", "info", $"tailed line {i}"))]);
        await page.WaitForFunctionAsync("() => document.getElementById('tail-lines').textContent.includes('tailed line 2')");

        await page.ClickAsync("#tail-pause");
        await fixture.WriteAsync([ConsoleFixture.LogLine("tail-b-0", DateTimeOffset.UtcNow, "gpu-node-9", "warn", "tailed while paused")]);
        await page.ClickAsync("#tail-pause");
        await page.WaitForFunctionAsync("() => document.getElementById('tail-lines').textContent.includes('tailed while paused')");

        var lines = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#tail-lines .line')].map(l => l.textContent)");
        Assert.Equal(4, lines.Count(l => l.Contains("tailed", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("CUDA", StringComparison.Ordinal));
        await ConsoleFixture.ScreenshotAsync(page, "tail");
    }

    [ChromiumFact]
    public async Task An_alert_is_silenced_from_the_page()
    {
        await using var page = await fixture.OpenAsync("alerts");
        await page.WaitForSelectorAsync("tr.alert button.silence");
        var link = await page.EvaluateExpressionAsync<string>("document.querySelector('tr.alert a.discover-link').getAttribute('href')");
        await page.ClickAsync("tr.alert button.silence");
        await page.WaitForSelectorAsync("tr.alert .chip.silenced");

        var silences = await fixture.Up.Services.GetRequiredService<IAlertStore>().ListSilencesAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        var silence = Assert.Single(silences);
        Assert.Equal("console", silence.CreatedBy);
        Assert.Contains(silence.Matchers, m => m.ToString().Contains("GpuXidError", StringComparison.Ordinal));
        Assert.StartsWith("#/discover?", link, StringComparison.Ordinal);
        Assert.Contains("log.level%3Aerror", link, StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "alerts");
    }

    [ChromiumFact]
    public async Task A_training_run_shows_its_charts_phases_stragglers_and_logs()
    {
        await using var page = await fixture.OpenAsync("training");
        await page.WaitForSelectorAsync("a.job-link");
        await ConsoleFixture.ScreenshotAsync(page, "training-jobs");
        await page.ClickAsync("a.job-link");
        await page.WaitForSelectorAsync("#run-charts path.series");

        var series = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#run-charts path.series').length");
        var stragglers = await page.EvaluateExpressionAsync<string>("document.getElementById('stragglers').textContent");
        var phases = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg.phases rect').length");
        var logs = await page.EvaluateExpressionAsync<string>("document.querySelector('main').textContent");
        Assert.Equal(4, series); // loss and step time, two ranks each
        Assert.Equal("rank 1 ", stragglers);
        Assert.True(phases >= 10, $"{phases} phase bars"); // five phases for each of two ranks, plus the legend
        await ConsoleFixture.ScreenshotAsync(page, "training-run");
        Assert.Contains("rank 1 step 30 loss", logs, StringComparison.Ordinal);
    }

    [ChromiumTheory]
    [InlineData("cluster-overview")]
    [InlineData("gpu-fleet")]
    [InlineData("node-metrics")]
    public async Task A_dashboard_draws_its_panels(string name)
    {
        await using var page = await fixture.OpenAsync($"dashboards/{name}?from=24h");
        await page.WaitForSelectorAsync("#panels .panel");

        var titles = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('#panels .panel h3')].map(h => h.textContent)");
        var charts = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#panels .panel svg path.series, #panels .panel rect.bar-rect, #panels .panel .stat').length");
        Assert.Equal(Dashboards.All[name].Panels.Select(p => p.Title), titles);
        Assert.True(charts > 0, "no panel drew anything");
        await ConsoleFixture.ScreenshotAsync(page, "dashboard-" + name);
    }

    [ChromiumFact]
    public async Task A_stored_report_is_listed_and_opened()
    {
        await using var page = await fixture.OpenAsync("reports");
        await page.WaitForSelectorAsync("a.report-link");
        await page.ClickAsync("a.report-link");
        await page.WaitForSelectorAsync("#report-frame");
        var frame = await (await page.QuerySelectorAsync("#report-frame"))!.ContentFrameAsync();
        await frame.WaitForSelectorAsync("h1, h2");

        var text = await frame.EvaluateExpressionAsync<string>("document.body.textContent");
        Assert.Contains("daily", text, StringComparison.Ordinal);
        await ConsoleFixture.ScreenshotAsync(page, "reports");
    }
}
