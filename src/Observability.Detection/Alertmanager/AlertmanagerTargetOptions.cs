namespace Observability.Detection.Alertmanager;

/// <summary>
/// One Alertmanager that alerts are pushed to (Prometheus' <c>alertmanagers</c> entry): its base URL (the sender posts
/// to <c>{Url}/api/v2/alerts</c>), optional basic or bearer authentication and TLS settings. Secrets come from the
/// configuration or the environment and are never logged.
/// </summary>
public sealed class AlertmanagerTargetOptions
{
    /// <summary>Base URL, e.g. <c>http://alertmanager:9093</c> or <c>https://am.example.org/prefix</c>.</summary>
    public string Url { get; set; } = string.Empty;

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? BearerToken { get; set; }

    /// <summary>PEM file of the CA that signed the Alertmanager's certificate (https only); the system store otherwise.</summary>
    public string? CaFile { get; set; }

    /// <summary>Client certificate and key (PEM) for mutual TLS.</summary>
    public string? CertFile { get; set; }

    public string? KeyFile { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The URL alerts are posted to.</summary>
    public Uri AlertsEndpoint => new(Url.TrimEnd('/') + "/api/v2/alerts");

    public void Validate()
    {
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Detection:Alertmanagers: Url '{Url}' is not an absolute http(s) URL");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            throw new ArgumentException("Detection:Alertmanagers: put credentials in Username/Password, not in the URL (URLs are logged)");
        }

        if (BearerToken is not null && (Username is not null || Password is not null))
        {
            throw new ArgumentException($"Detection:Alertmanagers:{uri.Authority}: BearerToken and Username/Password are exclusive");
        }

        if ((Username is null) != (Password is null))
        {
            throw new ArgumentException($"Detection:Alertmanagers:{uri.Authority}: Username and Password go together");
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException($"Detection:Alertmanagers:{uri.Authority}: CertFile and KeyFile go together");
        }

        foreach (var file in new[] { CaFile, CertFile, KeyFile })
        {
            if (file is not null && !File.Exists(file))
            {
                throw new ArgumentException($"Detection:Alertmanagers:{uri.Authority}: file '{file}' does not exist");
            }
        }

        if (Timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException($"Detection:Alertmanagers:{uri.Authority}: Timeout must be > 0");
        }
    }
}
