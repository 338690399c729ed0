using DuckDB.NET.Data;
using Observability.Reports.Model;
using Observability.Reports.Queries;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// Builds a <see cref="HealthReport"/> when the documents are in Elasticsearch (<c>obs up --es</c>, <c>obs report run --es</c>):
/// fleet, GPUs, logs, training and pipeline volumes from Elasticsearch; alerts, anomalies and dead letters from the embedded
/// store, where the detector and the indexer keep them in both modes. Same figures, same meaning, same report id as
/// <see cref="HealthReportBuilder"/>.
/// </summary>
public sealed class EsHealthReportBuilder(EsReportClient es, ReportOptions options, TimeProvider time)
{
    public async Task<HealthReport> BuildAsync(DuckDBConnection embedded, string name, ReportPeriod period, CancellationToken ct = default)
    {
        options.Validate();
        var db = new ReportQueryContext(embedded, options);
        var generated = time.GetUtcNow();
        var fleet = await new EsFleetQuery(es, options).RunAsync(period, ct).ConfigureAwait(false);
        var gpus = await new EsGpuQuery(es, options).RunAsync(period, ct).ConfigureAwait(false);
        var logs = await new EsLogQuery(es, options).RunAsync(period, ct).ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
        var alerts = new AlertQuery(db).Run(period);
        var anomalies = new AnomalyQuery(db).Run(period);
        var training = await new EsTrainingQuery(es, options).RunAsync(period, ct).ConfigureAwait(false);
        var pipeline = await new EsPipelineQuery(es, options, db).RunAsync(period, ct).ConfigureAwait(false);
        return new HealthReport(HealthReportBuilder.ReportId(name, period), name, generated, period, fleet, gpus, logs, alerts, anomalies, training, pipeline);
    }
}
