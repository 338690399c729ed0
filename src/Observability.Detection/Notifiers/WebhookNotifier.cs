using System.Net.Http.Headers;
using Observability.Core.Delivery;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>POSTs Alertmanager's version-4 webhook JSON to a URL (optionally with a bearer token) through <see cref="WebhookSender"/>.</summary>
public sealed class WebhookNotifier : INotifier
{
    private readonly WebhookSender _sender;
    private readonly Uri _url;
    private readonly string? _bearerToken;

    public WebhookNotifier(string receiver, Uri url, HttpClient http, bool sendResolved = true, string? bearerToken = null)
    {
        Receiver = receiver;
        _url = url;
        _sender = new WebhookSender(http);
        SendResolved = sendResolved;
        _bearerToken = bearerToken;
    }

    public string Receiver { get; }

    public string Integration => "webhook";

    public bool SendResolved { get; }

    public async Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var authorization = _bearerToken is null ? null : new AuthenticationHeaderValue("Bearer", _bearerToken);
        await _sender.PostJsonAsync(_url, AlertmanagerPayload.Serialize(message), $"webhook {_url.GetLeftPart(UriPartial.Path)}", cancellationToken, authorization);
    }
}
