using Observability.Reports.Model;

namespace Observability.Reports.Sections;

/// <summary>
/// Every section of the health report from one back end. The embedded store (<see cref="DuckDb.DuckDbReportSections"/>)
/// and Elasticsearch (<see cref="Elasticsearch.EsReportSections"/>) answer with the same figures and the same meaning;
/// which one a process uses is chosen once, where it registers its reports (<see cref="ReportSections.Create"/>), so
/// nothing that builds, renders or delivers a report asks where the documents are.
/// </summary>
public interface IReportSections
{
    /// <summary>Where the figures come from, for logs and the API ("duckdb", "elasticsearch").</summary>
    string Source { get; }

    Task<FleetSection> FleetAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<GpuSection> GpusAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<LogSection> LogsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<AlertSection> AlertsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<AnomalySection> AnomaliesAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<TrainingSection> TrainingAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);

    Task<PipelineSection> PipelineAsync(ReportPeriod period, ReportOptions options, CancellationToken ct);
}
