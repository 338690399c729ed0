using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Observability.Detection.Notifiers;

namespace Observability.Detection.Alertmanager;

/// <summary>
/// Posts alert batches to one Alertmanager's <c>/api/v2/alerts</c> with its authentication and TLS settings.
/// Failures are <see cref="Alerting.NotifierException"/>s classified as the notifiers' are (5xx/408/429 transient).
/// </summary>
public sealed class AlertmanagerClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _auth;
    private readonly X509Certificate2? _ca;
    private readonly X509Certificate2? _clientCert;

    public AlertmanagerClient(AlertmanagerTargetOptions options)
    {
        options.Validate();
        Endpoint = options.AlertsEndpoint;
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (options.CaFile is not null)
        {
            _ca = X509CertificateLoader.LoadCertificateFromFile(options.CaFile);
        }

        if (options.CertFile is not null && options.KeyFile is not null)
        {
            _clientCert = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
            handler.SslOptions.ClientCertificates = [_clientCert];
        }

        if (_ca is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) => cert is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && IsIssuedBy(cert, _ca);
        }

        _http = new HttpClient(handler) { Timeout = options.Timeout };
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

    public async Task PostAsync(byte[] body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = _auth;
        await HttpFailures.SendAsync(_http, request, $"alertmanager {Target}", cancellationToken);
    }

    public void Dispose()
    {
        _http.Dispose();
        _ca?.Dispose();
        _clientCert?.Dispose();
    }

    /// <summary>Whether <paramref name="cert"/>'s chain ends in <paramref name="ca"/> alone (not the system store).</summary>
    public static bool IsIssuedBy(X509Certificate cert, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(cert);
        return chain.Build(leaf);
    }
}
