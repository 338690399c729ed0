using System.Net;
using System.Text;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>Sends one e-mail per notification through SMTP (MailKit), with an HTML body and a plain-text alternative.</summary>
public sealed class EmailNotifier : INotifier
{
    private readonly EmailNotifierOptions _options;

    public EmailNotifier(string receiver, EmailNotifierOptions options, bool sendResolved = true)
    {
        options.Validate();
        Receiver = receiver;
        _options = options;
        SendResolved = sendResolved;
    }

    public string Receiver { get; }

    public string Integration => "email";

    public bool SendResolved { get; }

    public static string Subject(NotificationMessage m) =>
        $"[{m.Status.ToUpperInvariant()}:{m.Alerts.Count(a => a.State == AlertState.Firing)}] {string.Join(" ", m.GroupLabels.Pairs.Select(p => p.Value))}";

    public static string Html(NotificationMessage m)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif\">");
        sb.Append("<h2>").Append(WebUtility.HtmlEncode(Subject(m))).Append("</h2>");
        sb.Append("<table border=\"1\" cellpadding=\"4\" style=\"border-collapse:collapse\"><tr><th>status</th><th>alert</th><th>labels</th><th>score</th><th>since</th><th>details</th></tr>");
        foreach (var a in m.Alerts)
        {
            var colour = a.State == AlertState.Firing ? "#c0392b" : "#27ae60";
            sb.Append("<tr><td style=\"color:").Append(colour).Append("\">").Append(a.State == AlertState.Firing ? "firing" : "resolved").Append("</td>");
            sb.Append("<td>").Append(WebUtility.HtmlEncode(a.Name)).Append("</td>");
            sb.Append("<td>").Append(WebUtility.HtmlEncode(a.Labels.ToString())).Append("</td>");
            sb.Append("<td>").Append(a.Score.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td>");
            sb.Append("<td>").Append(AlertmanagerPayload.Format(a.StartsAt)).Append("</td>");
            sb.Append("<td>").Append(WebUtility.HtmlEncode(a.Annotations.GetValueOrDefault("description") ?? a.Annotations.GetValueOrDefault("summary") ?? string.Empty)).Append("</td></tr>");
        }

        sb.Append("</table><p><a href=\"").Append(WebUtility.HtmlEncode(m.ExternalUrl)).Append("\">").Append(WebUtility.HtmlEncode(m.ExternalUrl)).Append("</a></p></body></html>");
        return sb.ToString();
    }

    public async Task NotifyAsync(NotificationMessage message, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(_options.From));
        foreach (var to in _options.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }

        mail.Subject = Subject(message);
        mail.Headers.Add("X-Obs-Group-Key", message.GroupKey);
        var body = new BodyBuilder
        {
            HtmlBody = Html(message),
            TextBody = string.Join("\n", message.Alerts.Select(a => $"{(a.State == AlertState.Firing ? "FIRING" : "RESOLVED")} {a.Labels} {a.Annotations.GetValueOrDefault("description")}")),
        };
        mail.Body = body.ToMessageBody();

        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(_options.Host, _options.Port, Enum.Parse<SecureSocketOptions>(_options.Security, ignoreCase: true), cancellationToken);
            if (_options.Username is not null)
            {
                await client.AuthenticateAsync(_options.Username, _options.Password ?? string.Empty, cancellationToken);
            }

            await client.SendAsync(mail, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException e)
        {
            // 4xx replies are temporary by SMTP's own definition; 5xx are permanent.
            throw new NotifierException($"smtp {_options.Host}:{_options.Port}: {e.StatusCode} {e.Message}", (int)e.StatusCode < 500, e);
        }
        catch (AuthenticationException e)
        {
            throw new NotifierException($"smtp {_options.Host}:{_options.Port}: authentication failed", false, e);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException or ServiceNotConnectedException or SmtpProtocolException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new NotifierException($"smtp {_options.Host}:{_options.Port}: {e.Message}", true, e);
        }
    }
}
