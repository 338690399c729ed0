using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Observability.Core.Delivery;

/// <summary>
/// Sends one message through one SMTP conversation (MailKit): connect with the configured TLS mode, log in when a
/// username is set, send, quit. Every failure is a <see cref="DeliveryException"/>: a 4xx reply is temporary by SMTP's
/// own definition and a 5xx reply permanent; failed authentication is permanent; a refused, dropped or timed-out
/// connection is transient. Retries are the caller's.
/// </summary>
public sealed class SmtpSender(SmtpConnection connection)
{
    public SmtpConnection Connection => connection;

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)connection.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(connection.Host, connection.Port, Options(connection.Security), ct).ConfigureAwait(false);
            if (connection.Username is not null)
            {
                await client.AuthenticateAsync(connection.Username, connection.Password ?? string.Empty, ct).ConfigureAwait(false);
            }

            await client.SendAsync(message, ct).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, ct).ConfigureAwait(false);
        }
        catch (SmtpCommandException e)
        {
            var code = (int)e.StatusCode;
            throw new DeliveryException($"{connection.Target}: {code} {e.Message}", code < 500, e) { StatusCode = code };
        }
        catch (AuthenticationException e)
        {
            throw new DeliveryException($"{connection.Target}: authentication failed", false, e);
        }
        catch (Exception e) when (e is SocketException or IOException or ServiceNotConnectedException or SmtpProtocolException or TimeoutException
            || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            throw new DeliveryException($"{connection.Target}: {e.Message}", true, e);
        }
    }

    private static SecureSocketOptions Options(SmtpSecurity security) => security switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.StartTlsWhenAvailable => SecureSocketOptions.StartTlsWhenAvailable,
        _ => SecureSocketOptions.Auto,
    };
}
