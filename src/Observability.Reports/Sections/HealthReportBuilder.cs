using Observability.Core.Documents;
using Observability.Reports.Model;

namespace Observability.Reports.Sections;

/// <summary>Builds a <see cref="HealthReport"/> from the sections of whichever back end was registered.</summary>
public sealed class HealthReportBuilder(IReportSections sections, TimeProvider time)
{
    public async Task<HealthReport> BuildAsync(string name, ReportPeriod period, ReportOptions options, CancellationToken ct = default)
    {
        options.Validate();
        var generated = time.GetUtcNow();
        var fleet = await sections.FleetAsync(period, options, ct).ConfigureAwait(false);
        var gpus = await sections.GpusAsync(period, options, ct).ConfigureAwait(false);
        var logs = await sections.LogsAsync(period, options, ct).ConfigureAwait(false);
        var alerts = await sections.AlertsAsync(period, options, ct).ConfigureAwait(false);
        var anomalies = await sections.AnomaliesAsync(period, options, ct).ConfigureAwait(false);
        var training = await sections.TrainingAsync(period, options, ct).ConfigureAwait(false);
        var pipeline = await sections.PipelineAsync(period, options, ct).ConfigureAwait(false);
        return new HealthReport(ReportId(name, period), name, generated, period, fleet, gpus, logs, alerts, anomalies, training, pipeline);
    }

    /// <summary>Same name and period → same id, so a re-run of a schedule replaces its stored report rather than duplicating it.</summary>
    public static string ReportId(string name, ReportPeriod period) =>
        EventIds.FromParts("report", name, period.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            period.End.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
}
