using Observability.Core.Options;

namespace Observability.Reports.Delivery;

/// <summary>Webhook delivery (<c>reports.webhook</c>): a chat-style JSON summary POSTed to <see cref="Url"/>.</summary>
public sealed class WebhookDeliveryOptions
{
    public string Url { get; set; } = string.Empty;

    /// <summary>Optional link to the full report added to the message (e.g. where the directory delivery is served).</summary>
    public string? ReportUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    public void Validate(string prefix = "reports.webhook")
    {
        OptionsCheck.NotEmpty($"{prefix}.url", Url);
        OptionsCheck.That(Uri.TryCreate(Url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp),
            $"{prefix}.url", $"must be an absolute http(s) URL, got '{Url}'");
        OptionsCheck.That(Timeout > TimeSpan.Zero, $"{prefix}.timeout", "must be positive");
    }
}
