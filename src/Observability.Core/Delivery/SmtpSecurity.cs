namespace Observability.Core.Delivery;

/// <summary>How <see cref="SmtpSender"/> secures the connection (MailKit's <c>SecureSocketOptions</c>).</summary>
public enum SmtpSecurity
{
    None,
    Auto,
    SslOnConnect,
    StartTls,
    StartTlsWhenAvailable,
}
