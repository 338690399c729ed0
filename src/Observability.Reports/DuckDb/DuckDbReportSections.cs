using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;

namespace Observability.Reports.DuckDb;

/// <summary>
/// The report's sections over the embedded store: each section runs its parameterised SQL (<see cref="FleetQuery"/>,
/// <see cref="GpuQuery"/>, …) on a read connection of its own, so a report never holds the store while it renders.
/// </summary>
public sealed class DuckDbReportSections(DuckDbStore store) : IReportSections
{
    public string Source => "duckdb";

    public Task<FleetSection> FleetAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new FleetQuery(db).Run(period), ct);

    public Task<GpuSection> GpusAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new GpuQuery(db).Run(period), ct);

    public Task<LogSection> LogsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new LogQuery(db).Run(period), ct);

    public Task<AlertSection> AlertsAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new AlertQuery(db).Run(period), ct);

    public Task<AnomalySection> AnomaliesAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new AnomalyQuery(db).Run(period), ct);

    public Task<TrainingSection> TrainingAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new TrainingQuery(db).Run(period), ct);

    public Task<PipelineSection> PipelineAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new PipelineQuery(db).Run(period), ct);

    /// <summary>The dead letters of a period, by reason: the indexer keeps them in the embedded store in both modes.</summary>
    internal Task<List<PipelineSection.ReasonCount>> DeadLettersAsync(ReportPeriod period, ReportOptions options, CancellationToken ct) =>
        Run(options, db => new PipelineQuery(db).DeadLetters(period), ct);

    private Task<T> Run<T>(ReportOptions options, Func<ReportQueryContext, T> query, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        using var connection = store.OpenReadConnection();
        return Task.FromResult(query(new ReportQueryContext(connection, options)));
    }
}
