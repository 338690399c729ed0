using System.Net;
using System.Text;
using MimeKit;
using Observability.Core.Delivery;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>
/// Sends one e-mail per notification through <see cref="SmtpSender"/>, with an HTML body and a plain-text alternative;
/// failures are the sender's <see cref="DeliveryException"/>s (4xx replies transient, 5xx permanent).
/// </summary>
public sealed class EmailNotifier : INotifier
{
    private readonly EmailNotifierOptions _options;
    private readonly SmtpSender _sender;

    public EmailNotifier(string receiver, EmailNotifierOptions options, bool sendResolved = true)
    {
        options.Validate();
        Receiver = receiver;
        _options = options;
        _sender = new SmtpSender(options.Connection());
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

        await _sender.SendAsync(mail, cancellationToken);
    }
}
