using Observability.Core.Delivery;
using Observability.Core.Options;

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

    /// <summary><paramref name="prefix"/> is the receiver's e-mail block in obs.yml (<c>detection.receivers[0].email</c>).</summary>
    public void Validate(string prefix = "detection.receivers[].email")
    {
        OptionsCheck.NotEmpty($"{prefix}.host", Host);
        OptionsCheck.Range($"{prefix}.port", Port, 1, 65535);
        OptionsCheck.NotEmpty($"{prefix}.to", To);
        OptionsCheck.That(Enum.TryParse<SmtpSecurity>(Security, ignoreCase: true, out var security) && Enum.IsDefined(security), $"{prefix}.security",
            $"must be one of None, Auto, SslOnConnect, StartTls, StartTlsWhenAvailable, got '{Security}'");
    }

    public SmtpConnection Connection() => new(Host, Port, Enum.Parse<SmtpSecurity>(Security, ignoreCase: true), Timeout, Username, Password);
}
