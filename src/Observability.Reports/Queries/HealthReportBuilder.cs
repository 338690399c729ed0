using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Reports.Model;

namespace Observability.Reports.Queries;

/// <summary>Builds a <see cref="HealthReport"/> by running each section's query over one read connection.</summary>
public sealed class HealthReportBuilder(ReportOptions options, TimeProvider time)
{
    public HealthReport Build(DuckDBConnection connection, string name, ReportPeriod period, CancellationToken ct = default)
    {
        options.Validate();
        var db = new ReportQueryContext(connection, options);
        var generated = time.GetUtcNow();
        ct.ThrowIfCancellationRequested();
        var fleet = new FleetQuery(db).Run(period);
        ct.ThrowIfCancellationRequested();
        var gpus = new GpuQuery(db).Run(period);
        ct.ThrowIfCancellationRequested();
        var logs = new LogQuery(db).Run(period);
        ct.ThrowIfCancellationRequested();
        var alerts = new AlertQuery(db).Run(period);
        var anomalies = new AnomalyQuery(db).Run(period);
        ct.ThrowIfCancellationRequested();
        var training = new TrainingQuery(db).Run(period);
        ct.ThrowIfCancellationRequested();
        var pipeline = new PipelineQuery(db).Run(period);
        return new HealthReport(ReportId(name, period), name, generated, period, fleet, gpus, logs, alerts, anomalies, training, pipeline);
    }

    /// <summary>Same name and period → same id, so a re-run of a schedule replaces its stored report rather than duplicating it.</summary>
    public static string ReportId(string name, ReportPeriod period) =>
        EventIds.FromParts("report", name, period.Start.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            period.End.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
}
