using Observability.Core.Options;

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

    /// <summary><paramref name="prefix"/> is the entry's obs.yml block (<c>detection.alertmanagers[0]</c>); messages never carry a secret.</summary>
    public void Validate(string prefix = "detection.alertmanagers[]")
    {
        var absolute = Uri.TryCreate(Url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
        // A URL with credentials is refused without echoing it: URLs are logged, the password must not be.
        OptionsCheck.That(absolute, $"{prefix}.url", uri is { UserInfo.Length: > 0 } ? "is not an absolute http(s) URL" : $"'{Url}' is not an absolute http(s) URL");
        OptionsCheck.That(string.IsNullOrEmpty(uri!.UserInfo), $"{prefix}.url", "must not carry credentials (URLs are logged): put them in username/password");
        OptionsCheck.That(BearerToken is null || (Username is null && Password is null), $"{prefix}.bearer_token", $"and username/password are exclusive ({uri.Authority})");
        OptionsCheck.That((Username is null) == (Password is null), $"{prefix}.{(Username is null ? "username" : "password")}", $"is required with the {(Username is null ? "password" : "username")} ({uri.Authority})");
        OptionsCheck.That((CertFile is null) == (KeyFile is null), $"{prefix}.{(CertFile is null ? "cert_file" : "key_file")}", $"is required with the {(CertFile is null ? "key_file" : "cert_file")} ({uri.Authority})");
        foreach (var (key, file) in new[] { ("ca_file", CaFile), ("cert_file", CertFile), ("key_file", KeyFile) })
        {
            OptionsCheck.That(file is null || File.Exists(file), $"{prefix}.{key}", $"file '{file}' does not exist");
        }

        OptionsCheck.That(Timeout > TimeSpan.Zero, $"{prefix}.timeout", $"must be > 0, got {Timeout}");
    }
}
