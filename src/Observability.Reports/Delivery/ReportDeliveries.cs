using Microsoft.Extensions.Logging;
using Observability.Reports.Scheduling;

namespace Observability.Reports.Delivery;

/// <summary>Hands a rendered report to each delivery; one failing does not stop the others, and each failure is returned with its reason.</summary>
public sealed class ReportDeliveries(IEnumerable<IReportDelivery> deliveries, ILogger logger)
{
    private readonly IReadOnlyList<IReportDelivery> _deliveries = [.. deliveries];
    private long _failures;

    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>
    /// The deliveries <paramref name="options"/> configure, built the same way for schedules and for <c>obs report run</c>:
    /// a folder (<paramref name="directory"/>; null: none), then e-mail and the webhook when configured.
    /// </summary>
    public static List<IReportDelivery> Configured(ReportsOptions options, string? directory, HttpClient http)
    {
        var list = new List<IReportDelivery>();
        if (directory is not null)
        {
            list.Add(new DirectoryDelivery(directory));
        }

        if (options.Smtp is { } smtp)
        {
            list.Add(new SmtpDelivery(smtp));
        }

        if (options.Webhook is { } webhook)
        {
            list.Add(new WebhookDelivery(http, webhook));
        }

        return list;
    }

    public async Task<IReadOnlyList<(string Delivery, string Error)>> DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        var failed = new List<(string, string)>();
        foreach (var delivery in _deliveries)
        {
            try
            {
                await delivery.DeliverAsync(artifacts, ct).ConfigureAwait(false);
                logger.LogInformation("Report {Report} {ReportId} delivered to {Delivery}", artifacts.Report.Name, artifacts.Report.Id, delivery.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                failed.Add((delivery.Name, e.Message));
                logger.LogError(e, "Report {Report} {ReportId} could not be delivered to {Delivery}", artifacts.Report.Name, artifacts.Report.Id, delivery.Name);
            }
        }

        return failed;
    }
}
