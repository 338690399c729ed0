using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>Node failover, credentials on the wire, and CA pinning.</summary>
public sealed class ConnectionTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    [Fact]
    public async Task A_dead_node_is_skipped_and_the_request_goes_to_the_next()
    {
        var options = new ElasticsearchOptions { MaxRetries = 0 };
        options.Urls.Add(new Uri($"http://127.0.0.1:{ClosedPort()}"));
        options.Urls.Add(_es.Url);
        await using var store = ElasticsearchStore.Create(options);

        for (var i = 0; i < 4; i++)
        {
            var result = await store.Writer.WriteAsync([Docs.Log(i)], CancellationToken.None);
            Assert.Equal(1, result.Written);
        }

        Assert.Equal(4, _es.Documents.Count);
    }

    [Fact]
    public async Task A_url_with_a_path_prefix_keeps_it_on_every_request()
    {
        // A cluster behind a reverse proxy at /elasticsearch/.
        var options = new ElasticsearchOptions();
        options.Urls.Add(new Uri(_es.Url, "/elasticsearch"));
        using var connection = new ElasticsearchConnection(options);

        await connection.SendJsonAsync(HttpMethod.Get, "/_index_template/obs-logs", null, CancellationToken.None);
        await connection.SendJsonAsync(HttpMethod.Post, "/logs-obs.*-*/_search?ignore_unavailable=true", "{}", CancellationToken.None);

        Assert.Equal(["/elasticsearch/_index_template/obs-logs", "/elasticsearch/logs-obs.*-*/_search"], _es.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task Api_key_and_basic_credentials_are_sent_as_authorization_headers()
    {
        using (var apiKey = new ElasticsearchConnection(Options(o => o.ApiKey = "ZW5jb2RlZA==")))
        {
            await apiKey.SendJsonAsync(HttpMethod.Get, "/_ilm/policy/none", null, CancellationToken.None);
        }

        using (var basic = new ElasticsearchConnection(Options(o =>
        {
            o.Username = "obs";
            o.Password = "s3cret";
        })))
        {
            await basic.SendJsonAsync(HttpMethod.Get, "/_ilm/policy/none", null, CancellationToken.None);
        }

        Assert.Equal(["ApiKey ZW5jb2RlZA==", "Basic " + Convert.ToBase64String("obs:s3cret"u8.ToArray())], _es.Authorizations);
    }

    [Fact]
    public void A_pinned_fingerprint_accepts_only_that_certificate_and_never_a_name_mismatch()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=es01", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pinned = Convert.ToHexString(SHA256.HashData(cert.RawData));
        var pinnedWithColons = string.Join(':', Enumerable.Range(0, 32).Select(i => pinned.Substring(i * 2, 2)));
        var other = new string('A', 64);

        Assert.True(ElasticsearchConnection.ValidateServerCertificate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, ElasticsearchOptions.NormalizeFingerprint(pinnedWithColons.ToLowerInvariant()), null));
        Assert.False(ElasticsearchConnection.ValidateServerCertificate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, other, null));
        Assert.False(ElasticsearchConnection.ValidateServerCertificate(cert, null, SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateChainErrors, pinned, null));
        Assert.False(ElasticsearchConnection.ValidateServerCertificate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, null, null));
        // A CA file: the certificate itself as the trusted root.
        Assert.True(ElasticsearchConnection.ValidateServerCertificate(cert, null, SslPolicyErrors.RemoteCertificateChainErrors, null, [cert]));
    }

    private ElasticsearchOptions Options(Action<ElasticsearchOptions> configure)
    {
        var o = new ElasticsearchOptions();
        o.Urls.Add(_es.Url);
        configure(o);
        return o;
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(System.Net.IPAddress.Loopback, 0);
        probe.Start();
        var port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}
