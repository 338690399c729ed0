using System.Net.Http.Headers;
using System.Text;
using Observability.Core.Delivery;

namespace Observability.Detection.Alertmanager;

/// <summary>
/// Posts alert batches to one Alertmanager's <c>/api/v2/alerts</c> with its authentication and TLS settings
/// (<see cref="HttpClientTls"/>) through <see cref="WebhookSender"/>, so failures are <see cref="DeliveryException"/>s
/// classified as every webhook's are (5xx/408/429 transient).
/// </summary>
public sealed class AlertmanagerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly HttpClientTls _tls;
    private readonly WebhookSender _sender;
    private readonly AuthenticationHeaderValue? _auth;

    public AlertmanagerClient(AlertmanagerTargetOptions options)
    {
        options.Validate();
        Endpoint = options.AlertsEndpoint;
        _tls = new HttpClientTls(options.CaFile, options.CertFile, options.KeyFile);
        _http = new HttpClient(_tls.CreateHandler()) { Timeout = options.Timeout };
        _sender = new WebhookSender(_http);
        if (options.BearerToken is not null)
        {
            _auth = new AuthenticationHeaderValue("Bearer", options.BearerToken);
        }
        else if (options.Username is not null)
        {
            _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}")));
        }
    }

    public Uri Endpoint { get; }

    /// <summary>Where this client sends, without credentials (safe to log).</summary>
    public string Target => Endpoint.GetLeftPart(UriPartial.Path);

    public Task PostAsync(byte[] body, CancellationToken cancellationToken) =>
        _sender.PostJsonAsync(Endpoint, body, $"alertmanager {Target}", cancellationToken, _auth);

    public void Dispose()
    {
        _http.Dispose();
        _tls.Dispose();
    }
}
