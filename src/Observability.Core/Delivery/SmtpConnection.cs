namespace Observability.Core.Delivery;

/// <summary>
/// Where and how <see cref="SmtpSender"/> connects: the server, its TLS mode and the login. The report delivery
/// (<c>reports.smtp</c>) and the alert e-mail receivers build one from their own configuration keys.
/// </summary>
public sealed record SmtpConnection(string Host, int Port, SmtpSecurity Security, TimeSpan Timeout, string? Username = null, string? Password = null)
{
    /// <summary>
    /// Reads either vocabulary in use: the reports' <c>starttls</c> / <c>tls</c> / <c>none</c> and the receivers'
    /// <see cref="SmtpSecurity"/> names (any case); null when <paramref name="value"/> is neither.
    /// </summary>
    public static SmtpSecurity? ParseSecurity(string? value) => value?.ToLowerInvariant() switch
    {
        "tls" => SmtpSecurity.SslOnConnect,
        "starttls" => SmtpSecurity.StartTls,
        "none" => SmtpSecurity.None,
        _ => Enum.TryParse<SmtpSecurity>(value, ignoreCase: true, out var s) && Enum.IsDefined(s) ? s : null,
    };

    /// <summary>How errors and logs name this server (no credentials).</summary>
    public string Target => $"smtp {Host}:{Port}";
}
