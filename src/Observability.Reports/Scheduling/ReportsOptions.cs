using Observability.Core.Options;
using Observability.Reports.Delivery;

namespace Observability.Reports.Scheduling;

/// <summary>The <c>reports</c> section of obs.yml: schedules, report thresholds and where reports go.</summary>
public sealed class ReportsOptions
{
    public List<ReportScheduleOptions> Schedules { get; set; } = [];

    public ReportOptions Report { get; set; } = new();

    /// <summary>Directory delivery; relative paths are under the data directory. Empty = none.</summary>
    public string? Directory { get; set; } = "reports";

    public SmtpDeliveryOptions? Smtp { get; set; }

    public WebhookDeliveryOptions? Webhook { get; set; }

    /// <summary>Tries in all of an e-mail or webhook delivery that fails transiently (SMTP 4xx, HTTP 408/429/5xx, no connection); 1 = no retry.</summary>
    public int DeliveryAttempts { get; set; } = 3;

    /// <summary>Wait before the first retry of a delivery; doubled for each next one (with jitter), up to <c>delivery_retry_max</c>.</summary>
    public TimeSpan DeliveryRetryInitial { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between delivery tries, also the cap on a receiver's <c>Retry-After</c>.</summary>
    public TimeSpan DeliveryRetryMax { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A fire later than this after its scheduled time counts as misfired (Quartz <c>misfireThreshold</c>).</summary>
    public TimeSpan MisfireThreshold { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// On start-up, a schedule whose fire times passed while obs was down runs once for the latest of them, if that one
    /// is at most this old (anacron-style catch-up); 0 turns catch-up off. Schedules with <c>misfire: skip</c> never catch up.
    /// </summary>
    public TimeSpan CatchUpLookBack { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The retry of deliveries these options describe.</summary>
    public ReportDeliveryRetry DeliveryRetry() => new(DeliveryAttempts, DeliveryRetryInitial, DeliveryRetryMax);

    public void Validate(string prefix = "reports")
    {
        for (var i = 0; i < Schedules.Count; i++)
        {
            Schedules[i].Validate($"{prefix}.schedules[{i}]");
        }

        var duplicate = Schedules.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        OptionsCheck.That(duplicate is null, $"{prefix}.schedules", $"name '{duplicate?.Key}' is used twice");
        Report.Validate($"{prefix}.report");
        Smtp?.Validate($"{prefix}.smtp");
        Webhook?.Validate($"{prefix}.webhook");
        OptionsCheck.Range($"{prefix}.delivery_attempts", DeliveryAttempts, 1, 20);
        OptionsCheck.Range($"{prefix}.delivery_retry_initial", DeliveryRetryInitial, TimeSpan.Zero, TimeSpan.FromHours(1));
        OptionsCheck.Range($"{prefix}.delivery_retry_max", DeliveryRetryMax, DeliveryRetryInitial, TimeSpan.FromHours(1));
        OptionsCheck.Range($"{prefix}.misfire_threshold", MisfireThreshold, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        OptionsCheck.Range($"{prefix}.catch_up_look_back", CatchUpLookBack, TimeSpan.Zero, TimeSpan.FromDays(366));
    }
}
