using Observability.Core.Options;
using Observability.Detection.Notifiers;

namespace Observability.Detection.Hosting;

/// <summary>One receiver and its integrations (any of webhook, PagerDuty, e-mail, file).</summary>
public sealed class ReceiverOptions
{
    public string Name { get; set; } = "default";

    public bool SendResolved { get; set; } = true;

    public string? WebhookUrl { get; set; }

    /// <summary>Bearer token for the webhook; read from configuration or the environment, never logged.</summary>
    public string? WebhookBearerToken { get; set; }

    public string? PagerDutyRoutingKey { get; set; }

    public string? PagerDutyUrl { get; set; }

    public EmailNotifierOptions? Email { get; set; }

    public string? FilePath { get; set; }

    /// <summary><paramref name="prefix"/> is the receiver's obs.yml block (<c>detection.receivers[0]</c>).</summary>
    public void Validate(string prefix = "detection.receivers[]")
    {
        OptionsCheck.That(!string.IsNullOrWhiteSpace(Name), $"{prefix}.name", "is required: every receiver needs a name");
        OptionsCheck.That(WebhookUrl is null || Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _), $"{prefix}.webhook_url", $"'{WebhookUrl}' is not an absolute URL (receiver {Name})");
        OptionsCheck.That(PagerDutyUrl is null || Uri.TryCreate(PagerDutyUrl, UriKind.Absolute, out _), $"{prefix}.pager_duty_url", $"is not an absolute URL (receiver {Name})");
        Email?.Validate($"{prefix}.email");
    }
}
