using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Observability.Core.Delivery;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>
/// PagerDuty Events API v2: one event per group, <c>event_action</c> trigger or resolve, <c>dedup_key</c> the
/// SHA-256 of the group key (as Alertmanager does), so PagerDuty folds repeats into one incident.
/// </summary>
public sealed class PagerDutyNotifier : INotifier
{
    public static readonly Uri DefaultUrl = new("https://events.pagerduty.com/v2/enqueue");
    private readonly WebhookSender _sender;
    private readonly string _routingKey;
    private readonly Uri _url;

    public PagerDutyNotifier(string receiver, string routingKey, HttpClient http, Uri? url = null, bool sendResolved = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(routingKey);
        Receiver = receiver;
        _routingKey = routingKey;
        _sender = new WebhookSender(http);
        _url = url ?? DefaultUrl;
        SendResolved = sendResolved;
    }

    public string Receiver { get; }

    public string Integration => "pagerduty";

    public bool SendResolved { get; }

    public static string DedupKey(string groupKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(groupKey)));

    public async Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            var firing = message.Alerts.Where(a => a.State == AlertState.Firing).ToList();
            w.WriteStartObject();
            w.WriteString("routing_key", _routingKey);
            w.WriteString("event_action", message.Status == "firing" ? "trigger" : "resolve");
            w.WriteString("dedup_key", DedupKey(message.GroupKey));
            if (message.Status == "firing")
            {
                var summary = $"[FIRING:{firing.Count}] {message.GroupLabels}" + (message.CommonAnnotations.TryGetValue("summary", out var s) ? " " + s : string.Empty);
                w.WriteStartObject("payload");
                w.WriteString("summary", summary.Length > 1024 ? summary[..1024] : summary);
                w.WriteString("source", message.CommonLabels["host"] ?? message.ExternalUrl);
                w.WriteString("severity", Severity(message.CommonLabels["severity"]));
                w.WriteStartObject("custom_details");
                w.WriteNumber("firing", firing.Count);
                w.WriteNumber("resolved", message.Alerts.Count - firing.Count);
                w.WriteString("group_key", message.GroupKey);
                w.WriteStartArray("alerts");
                foreach (var a in firing.Take(20))
                {
                    w.WriteStringValue($"{a.Labels} score={a.Score:F0} {a.Annotations.GetValueOrDefault("description")}");
                }

                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
                w.WriteString("client", "obs alerter");
                w.WriteString("client_url", message.ExternalUrl);
            }

            w.WriteEndObject();
        }

        await _sender.PostJsonAsync(_url, stream.ToArray(), "pagerduty", cancellationToken);
    }

    private static string Severity(string? label) => label switch
    {
        "critical" or "error" or "warning" or "info" => label,
        "page" => "critical",
        _ => "error",
    };
}
