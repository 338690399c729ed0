using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Observability.Core.Delivery;

/// <summary>
/// The TLS settings of an HTTP receiver that is not trusted through the system store: a CA file the server's
/// certificate must chain to (alone), and a client certificate (PEM certificate and key) for mutual TLS.
/// </summary>
public sealed class HttpClientTls : IDisposable
{
    private readonly X509Certificate2? _ca;
    private readonly X509Certificate2? _clientCert;

    public HttpClientTls(string? caFile, string? certFile, string? keyFile)
    {
        if (caFile is not null)
        {
            _ca = X509CertificateLoader.LoadCertificateFromFile(caFile);
        }

        if (certFile is not null && keyFile is not null)
        {
            _clientCert = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
    }

    /// <summary>A handler with these settings (pooled connections renewed every five minutes, so DNS changes are seen).</summary>
    public SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (_clientCert is not null)
        {
            handler.SslOptions.ClientCertificates = [_clientCert];
        }

        if (_ca is { } ca)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, errors) =>
                cert is not null && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == SslPolicyErrors.None && IsIssuedBy(cert, ca);
        }

        return handler;
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

    public void Dispose()
    {
        _ca?.Dispose();
        _clientCert?.Dispose();
    }
}
