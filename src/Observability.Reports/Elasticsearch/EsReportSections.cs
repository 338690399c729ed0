using Observability.Reports.DuckDb;
using Observability.Reports.Model;
using Observability.Reports.Sections;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// The report's sections when the documents are in Elasticsearch: fleet, GPUs, logs, training and pipeline volumes from
/// Elasticsearch's aggregations (<see cref="EsFleetQuery"/>, …); alerts, anomalies and dead letters from
/// <paramref name="embedded"/>, where the detector and the indexer keep them in both modes. Same figures and meaning as
/// <see cref="DuckDbReportSections"/> (the parity test in the reports' tests holds them to it).
/// </summary>
public sealed class EsReportSections(EsReportClient es, DuckDbReportSections embedded) : IReportSections
{
    public string Source => "elasticsearch";

    public Task<FleetSection> FleetAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        new EsFleetQuery(es, options).RunAsync(period, ct);

    public Task<GpuSection> GpusAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        new EsGpuQuery(es, options).RunAsync(period, ct);

    public Task<LogSection> LogsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        new EsLogQuery(es, options).RunAsync(period, ct);

    public Task<AlertSection> AlertsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        embedded.AlertsAsync(period, options, ct);

    public Task<AnomalySection> AnomaliesAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        embedded.AnomaliesAsync(period, options, ct);

    public Task<TrainingSection> TrainingAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        new EsTrainingQuery(es, options).RunAsync(period, ct);

    public Task<PipelineSection> PipelineAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        new EsPipelineQuery(es, options, embedded).RunAsync(period, ct);
}
