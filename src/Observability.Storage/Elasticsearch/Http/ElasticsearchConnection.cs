using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Observability.Storage.Elasticsearch.Http;

/// <summary>
/// The HTTP connection to an Elasticsearch cluster: rotates over the configured nodes, fails over on
/// connection errors, authenticates with an API key or basic auth, pins the CA by fingerprint or file,
/// and refuses to talk to a server that does not say it is Elasticsearch (<c>x-elastic-product</c>),
/// as the official clients do. Requests are raw bytes so the bulk writer controls every NDJSON line.
/// </summary>
public sealed class ElasticsearchConnection : IDisposable
{
    public const string ProductHeader = "x-elastic-product";
    private readonly HttpClient _http;
    private readonly IReadOnlyList<Uri> _nodes;
    private int _next;

    public ElasticsearchConnection(ElasticsearchOptions options, HttpMessageHandler? handler = null)
    {
        options.Validate();
        _nodes = [.. options.Urls];
        _http = new HttpClient(handler ?? CreateHandler(options), disposeHandler: true) { Timeout = options.RequestTimeout };
        var auth = Authorization(options);
        if (auth is not null)
        {
            _http.DefaultRequestHeaders.Authorization = auth;
        }

        _http.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("obs", "1.0"));
    }

    public IReadOnlyList<Uri> Nodes => _nodes;

    /// <summary>Sends one request, trying each node once on connection failure. HTTP error statuses are returned, not thrown.</summary>
    public async Task<EsResponse> SendAsync(HttpMethod method, string pathAndQuery, ReadOnlyMemory<byte>? body, string contentType, CancellationToken cancellationToken, string? contentEncoding = null)
    {
        var start = Interlocked.Increment(ref _next);
        Exception? last = null;
        for (var i = 0; i < _nodes.Count; i++)
        {
            var node = _nodes[(int)((uint)(start + i) % (uint)_nodes.Count)];
            using var request = new HttpRequestMessage(method, Under(node, pathAndQuery));
            if (body is { } b)
            {
                request.Content = new ReadOnlyMemoryContent(b);
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
                if (contentEncoding is not null)
                {
                    request.Content.Headers.ContentEncoding.Add(contentEncoding);
                }
            }

            try
            {
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                var result = new EsResponse(response.StatusCode, bytes, RetryAfter(response));
                if (result.IsSuccess && !response.Headers.Contains(ProductHeader))
                {
                    throw new ElasticsearchException(
                        $"{node.GetLeftPart(UriPartial.Authority)} answered without the {ProductHeader} header: it is not Elasticsearch", result.StatusCode, isTransient: false);
                }

                return result;
            }
            catch (HttpRequestException e)
            {
                last = e;
            }
            catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                last = new TimeoutException($"no answer from {node.GetLeftPart(UriPartial.Authority)} within the request timeout", e);
            }
        }

        throw new ElasticsearchException($"no Elasticsearch node reachable: {last?.Message}", statusCode: null, isTransient: true, last);
    }

    public Task<EsResponse> SendJsonAsync(HttpMethod method, string pathAndQuery, string? json, CancellationToken cancellationToken) =>
        SendAsync(method, pathAndQuery, json is null ? null : Encoding.UTF8.GetBytes(json), "application/json", cancellationToken);

    public void Dispose() => _http.Dispose();

    /// <summary>
    /// <paramref name="pathAndQuery"/> below the node URL's own path, so a cluster behind a proxy prefix
    /// (<c>https://gw/elasticsearch</c>) keeps it; <c>new Uri(base, "/_bulk")</c> would replace it.
    /// </summary>
    public static Uri Under(Uri baseUrl, string pathAndQuery) =>
        new(baseUrl.GetLeftPart(UriPartial.Authority) + baseUrl.AbsolutePath.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/'));

    internal static AuthenticationHeaderValue? Authorization(ElasticsearchOptions options)
    {
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            return new AuthenticationHeaderValue("ApiKey", options.ApiKey);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            var raw = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }

        return null;
    }

    /// <summary>A handler that trusts the system store, plus a pinned CA fingerprint or CA file when configured.</summary>
    public static SocketsHttpHandler CreateHandler(ElasticsearchOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.GZip,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.CaFingerprint is null && options.CaCertificatePath is null)
        {
            return handler;
        }

        var fingerprint = options.CaFingerprint is { } fp ? ElasticsearchOptions.NormalizeFingerprint(fp) : null;
        X509Certificate2Collection? trusted = null;
        if (options.CaCertificatePath is { } path)
        {
            trusted = [];
            trusted.ImportFromPemFile(path);
        }

        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateServerCertificate(certificate as X509Certificate2, chain, errors, fingerprint, trusted),
        };
        return handler;
    }

    internal static bool ValidateServerCertificate(X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors, string? fingerprint, X509Certificate2Collection? trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        if (fingerprint is not null)
        {
            // The pinned fingerprint may be the CA's (what Elasticsearch prints) or the node certificate's.
            if (Fingerprint(certificate) == fingerprint)
            {
                return true;
            }

            if (chain is not null)
            {
                foreach (var element in chain.ChainElements)
                {
                    if (Fingerprint(element.Certificate) == fingerprint)
                    {
                        return true;
                    }
                }
            }
        }

        if (trusted is { Count: > 0 })
        {
            using var custom = new X509Chain();
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.AddRange(trusted);
            custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return custom.Build(certificate);
        }

        return false;
    }

    private static string Fingerprint(X509Certificate2 cert) => Convert.ToHexString(SHA256.HashData(cert.RawData));

    private static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var ra = response.Headers.RetryAfter;
        if (ra?.Delta is { } delta)
        {
            return delta;
        }

        return null;
    }
}
