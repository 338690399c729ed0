using Microsoft.Extensions.Logging;
using Observability.Core.Delivery;
using Observability.Core.Retry;
using Observability.Core.Telemetry;
using Observability.Reports.Scheduling;

namespace Observability.Reports.Delivery;

/// <summary>
/// Hands a rendered report to each delivery; one failing does not stop the others, and each failure is returned with its
/// reason. A transient failure is tried again as <paramref name="retry"/> says (default: once, no retry). Counts into
/// <paramref name="telemetry"/>: <c>sent</c>, <c>retries</c>, and <c>failed</c> by reason (<c>retries_exhausted</c> after
/// the last transient failure, <c>refused</c> for a permanent one).
/// </summary>
public sealed class ReportDeliveries(IEnumerable<IReportDelivery> deliveries, ComponentTelemetry telemetry, ILogger logger, ReportDeliveryRetry? retry = null, TimeProvider? time = null)
{
    private readonly IReadOnlyList<IReportDelivery> _deliveries = [.. deliveries];
    private readonly ReportDeliveryRetry _retry = retry ?? ReportDeliveryRetry.None;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>Where the deliveries count (the caller owns and disposes it).</summary>
    public ComponentTelemetry Telemetry { get; } = telemetry
        .With(TelemetryNames.Sent).With(TelemetryNames.Retries).With(TelemetryNames.Failed, FailedReasons.RetriesExhausted, FailedReasons.Refused);

    /// <summary>The reasons of the <c>failed</c> figure.</summary>
    public static class FailedReasons
    {
        public const string RetriesExhausted = "retries_exhausted";
        public const string Refused = "refused";
    }

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
                Telemetry.Counter(TelemetryNames.Sent).Add();
                logger.LogInformation("Report {Report} {ReportId} delivered to {Delivery}", artifacts.Report.Name, artifacts.Report.Id, delivery.Name);
                return null;
            }
            catch (DeliveryException e) when (e.IsTransient && attempt < _retry.Attempts && !ct.IsCancellationRequested)
            {
                Telemetry.Counter(TelemetryNames.Retries).Add();
                var wait = backoff.Delay(attempt, e.RetryAfter);
                logger.LogWarning("Report {Report} {ReportId} to {Delivery} failed ({Error}), try {Attempt} of {Attempts}; trying again in {Wait}",
                    artifacts.Report.Name, artifacts.Report.Id, delivery.Name, e.Message, attempt, _retry.Attempts, wait);
                await Task.Delay(wait, _time, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Telemetry.Counter(TelemetryNames.Failed).For(e is DeliveryException { IsTransient: true } ? FailedReasons.RetriesExhausted : FailedReasons.Refused).Add();
                logger.LogError(e, "Report {Report} {ReportId} could not be delivered to {Delivery} (try {Attempt} of {Attempts})",
                    artifacts.Report.Name, artifacts.Report.Id, delivery.Name, attempt, _retry.Attempts);
                return e.Message;
            }
        }
    }
}
