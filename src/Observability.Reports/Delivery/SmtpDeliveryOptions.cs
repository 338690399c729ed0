using Observability.Core.Delivery;
using Observability.Core.Options;

namespace Observability.Reports.Delivery;

/// <summary>E-mail delivery (<c>reports.smtp</c>). The password is read from the environment variable named by <see cref="PasswordEnv"/>, never from the file.</summary>
public sealed class SmtpDeliveryOptions
{
    public string Host { get; set; } = string.Empty;

    public int Port { get; set; } = 587;

    /// <summary><c>starttls</c> (default), <c>tls</c> (implicit, port 465) or <c>none</c> (loopback test servers only).</summary>
    public string Security { get; set; } = "starttls";

    public string? Username { get; set; }

    public string? PasswordEnv { get; set; }

    public string From { get; set; } = string.Empty;

    public List<string> To { get; set; } = [];

    public string SubjectPrefix { get; set; } = "[obs]";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public void Validate(string prefix = "reports.smtp")
    {
        OptionsCheck.NotEmpty($"{prefix}.host", Host);
        OptionsCheck.Range($"{prefix}.port", Port, 1, 65535);
        OptionsCheck.OneOf($"{prefix}.security", Security, "starttls", "tls", "none");
        OptionsCheck.NotEmpty($"{prefix}.from", From);
        OptionsCheck.NotEmpty($"{prefix}.to", To);
        OptionsCheck.That(Timeout > TimeSpan.Zero, $"{prefix}.timeout", "must be positive");
        OptionsCheck.That(Username is null || PasswordEnv is not null, $"{prefix}.password_env", "is required when a username is set");
    }

    /// <summary>The sender's connection; the password is read from <see cref="PasswordEnv"/> now, so a rotated secret is seen by the next run.</summary>
    public SmtpConnection Connection()
    {
        var password = Username is null ? null : Environment.GetEnvironmentVariable(PasswordEnv!)
            ?? throw new DeliveryException($"reports.smtp.password_env: environment variable {PasswordEnv} is not set", isTransient: false);
        return new SmtpConnection(Host, Port, SmtpConnection.ParseSecurity(Security) ?? SmtpSecurity.StartTls, Timeout, Username, password);
    }
}
