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

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new ArgumentException("Detection:Receivers: every receiver needs a Name");
        }

        if (WebhookUrl is not null && !Uri.TryCreate(WebhookUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"Detection:Receivers:{Name}:WebhookUrl '{WebhookUrl}' is not an absolute URL");
        }

        if (PagerDutyUrl is not null && !Uri.TryCreate(PagerDutyUrl, UriKind.Absolute, out _))
        {
            throw new ArgumentException($"Detection:Receivers:{Name}:PagerDutyUrl is not an absolute URL");
        }

        Email?.Validate();
    }
}
