using Microsoft.Extensions.Logging;
using Observability.Core.Delivery;
using Observability.Core.Retry;
using Observability.Reports.Scheduling;

namespace Observability.Reports.Delivery;

/// <summary>
/// Hands a rendered report to each delivery; one failing does not stop the others, and each failure is returned with its
/// reason. A transient failure is tried again as <paramref name="retry"/> says (default: once, no retry).
/// </summary>
public sealed class ReportDeliveries(IEnumerable<IReportDelivery> deliveries, ILogger logger, ReportDeliveryRetry? retry = null, TimeProvider? time = null)
{
    private readonly IReadOnlyList<IReportDelivery> _deliveries = [.. deliveries];
    private readonly ReportDeliveryRetry _retry = retry ?? ReportDeliveryRetry.None;
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private long _failures;
    private long _retries;

    /// <summary>Tries that failed transiently and were made again.</summary>
    public long Retries => Interlocked.Read(ref _retries);

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
        var backoff = _retry.Backoff();
        foreach (var delivery in _deliveries)
        {
            if (await DeliverOneAsync(delivery, artifacts, backoff, ct).ConfigureAwait(false) is { } error)
            {
                failed.Add((delivery.Name, error));
            }
        }

        return failed;
    }

    /// <summary>Delivers to one target, trying a transient failure again; returns the last error, or null when delivered.</summary>
    private async Task<string?> DeliverOneAsync(IReportDelivery delivery, ReportArtifacts artifacts, ExponentialBackoff backoff, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await delivery.DeliverAsync(artifacts, ct).ConfigureAwait(false);
                logger.LogInformation("Report {Report} {ReportId} delivered to {Delivery}", artifacts.Report.Name, artifacts.Report.Id, delivery.Name);
                return null;
            }
            catch (DeliveryException e) when (e.IsTransient && attempt < _retry.Attempts && !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _retries);
                var wait = backoff.Delay(attempt, e.RetryAfter);
                logger.LogWarning("Report {Report} {ReportId} to {Delivery} failed ({Error}), try {Attempt} of {Attempts}; trying again in {Wait}",
                    artifacts.Report.Name, artifacts.Report.Id, delivery.Name, e.Message, attempt, _retry.Attempts, wait);
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Interlocked.Increment(ref _failures);
                logger.LogError(e, "Report {Report} {ReportId} could not be delivered to {Delivery} (try {Attempt} of {Attempts})",
                    artifacts.Report.Name, artifacts.Report.Id, delivery.Name, attempt, _retry.Attempts);
                return e.Message;
            }
        }
    }
}
