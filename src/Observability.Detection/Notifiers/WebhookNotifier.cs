using System.Net.Http.Headers;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>POSTs Alertmanager's version-4 webhook JSON to a URL (optionally with a bearer token).</summary>
public sealed class WebhookNotifier : INotifier
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string? _bearerToken;

    public WebhookNotifier(string receiver, Uri url, HttpClient http, bool sendResolved = true, string? bearerToken = null)
    {
        Receiver = receiver;
        _url = url;
        _http = http;
        SendResolved = sendResolved;
        _bearerToken = bearerToken;
    }

    public string Receiver { get; }

    public string Integration => "webhook";

    public bool SendResolved { get; }

    public async Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _url)
        {
            Content = new ByteArrayContent(AlertmanagerPayload.Serialize(message)),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (_bearerToken is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _bearerToken);
        }

        await HttpFailures.SendAsync(_http, request, $"webhook {_url.GetLeftPart(UriPartial.Path)}", cancellationToken);
    }
}
