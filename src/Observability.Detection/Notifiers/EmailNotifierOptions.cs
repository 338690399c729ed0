using Observability.Core.Delivery;

namespace Observability.Detection.Notifiers;

/// <summary>SMTP settings of an e-mail receiver.</summary>
public sealed class EmailNotifierOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary>None, StartTls (when offered), or SslOnConnect.</summary>
    public string Security { get; set; } = "StartTlsWhenAvailable";

    public string? Username { get; set; }

    public string? Password { get; set; }

    public string From { get; set; } = "obs-alerts@localhost";

    public IReadOnlyList<string> To { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            throw new ArgumentException($"email: {nameof(Host)} is required");
        }

        if (Port is <= 0 or > 65535)
        {
            throw new ArgumentException($"email: {nameof(Port)} must be 1-65535, got {Port}");
        }

        if (To.Count == 0)
        {
            throw new ArgumentException($"email: {nameof(To)} needs at least one address");
        }

        if (!Enum.TryParse<SmtpSecurity>(Security, ignoreCase: true, out var security) || !Enum.IsDefined(security))
        {
            throw new ArgumentException($"email: {nameof(Security)} '{Security}' is not one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable");
        }
    }

    public SmtpConnection Connection() => new(Host, Port, Enum.Parse<SmtpSecurity>(Security, ignoreCase: true), Timeout, Username, Password);
}
