using Microsoft.Extensions.Logging;
using Observability.Reports.Delivery;
using Observability.Reports.Model;
using Observability.Reports.Rendering;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;

namespace Observability.Reports;

/// <summary>
/// Builds a report from the registered back end's <paramref name="sections"/>, renders it, stores it in <c>obs_reports</c>
/// of <paramref name="store"/> first (so a failed e-mail or webhook loses nothing) and then hands it to each delivery; one
/// delivery failing does not stop the others.
/// </summary>
public sealed class ReportRunner(
    IReportSections sections, DuckDbStore store, ReportOptions options, TimeProvider time, IEnumerable<IReportDelivery> deliveries, ILogger<ReportRunner> logger,
    ReportDeliveryRetry? retry = null)
{
    private readonly ReportDeliveries _deliveries = new(deliveries, logger, retry, time);
    private long _runs;

    public long Runs => Interlocked.Read(ref _runs);

    public long DeliveryFailures => _deliveries.Failures;

    /// <summary>Delivery tries that failed transiently and were made again (see <see cref="ReportDeliveryRetry"/>).</summary>
    public long DeliveryRetries => _deliveries.Retries;

    public async Task<ReportArtifacts> RenderAsync(string name, ReportPeriod period, CancellationToken ct = default)
    {
        var report = await new HealthReportBuilder(sections, time).BuildAsync(name, period, options, ct).ConfigureAwait(false);
        var html = new HtmlReportRenderer(new ChartRenderer()).Render(report);
        return new ReportArtifacts(report, html, MarkdownReportRenderer.Render(report), ReportJson.Serialize(report));
    }

    public async Task<ReportRunResult> RunAsync(string name, ReportPeriod period, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var artifacts = await RenderAsync(name, period, ct).ConfigureAwait(false);
        await new ReportStore(store).DeliverAsync(artifacts, ct).ConfigureAwait(false);
        var failed = await _deliveries.DeliverAsync(artifacts, ct).ConfigureAwait(false);
        Interlocked.Increment(ref _runs);
        return new ReportRunResult(artifacts, time.GetElapsedTime(started), failed);
    }
}
