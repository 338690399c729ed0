using Microsoft.Extensions.Logging;
using Observability.Core.Telemetry;
using Observability.Reports.Delivery;
using Observability.Reports.Model;
using Observability.Reports.Rendering;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;

namespace Observability.Reports;

/// <summary>
/// Builds a report from the registered back end's <paramref name="sections"/>, renders it, stores it in <c>obs_reports</c>
/// of <paramref name="store"/> first (so a failed e-mail or webhook loses nothing) and then hands it to each delivery; one
/// delivery failing does not stop the others. Its figures are the meter <c>Observability.Reports</c>: <c>runs</c>, and the
/// deliveries' <c>sent</c>, <c>retries</c> and <c>failed{reason}</c> (see <see cref="ReportDeliveries"/>).
/// </summary>
public sealed class ReportRunner(
    IReportSections sections, DuckDbStore store, ReportOptions options, TimeProvider time, IEnumerable<IReportDelivery> deliveries, ILogger<ReportRunner> logger,
    ReportDeliveryRetry? retry = null) : IDisposable
{
    /// <summary>The component name of <see cref="Telemetry"/>.</summary>
    public const string Component = "Reports";

    /// <summary>The reports built and stored (each then handed to every delivery).</summary>
    public const string Runs = "runs";

    private readonly ReportDeliveries _deliveries = new(deliveries, new ComponentTelemetry(Component).With(Runs), logger, retry, time);

    public ComponentTelemetry Telemetry => _deliveries.Telemetry;

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
        Telemetry.Counter(Runs).Add();
        return new ReportRunResult(artifacts, time.GetElapsedTime(started), failed);
    }

    public void Dispose() => Telemetry.Dispose();
}
