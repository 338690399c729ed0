using MimeKit;
using Observability.Core.Delivery;

namespace Observability.Reports.Delivery;

/// <summary>
/// Sends the report by e-mail through <see cref="SmtpSender"/>: the HTML page as body (charts inline as data URIs), the
/// Markdown as the text alternative, the JSON attached. Failures are <see cref="DeliveryException"/>s.
/// </summary>
public sealed class SmtpDelivery(SmtpDeliveryOptions options) : IReportDelivery
{
    public string Name => $"smtp {options.Host}:{options.Port}";

    public async Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        options.Validate();
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        var r = artifacts.Report;
        message.Subject = $"{options.SubjectPrefix} {r.Name} cluster health {Rendering.Format.Time(r.Period.Start)} → {Rendering.Format.Time(r.Period.End)}".Trim();
        var body = new BodyBuilder { HtmlBody = artifacts.Html, TextBody = artifacts.Markdown };
        body.Attachments.Add(artifacts.FileStem + ".json", System.Text.Encoding.UTF8.GetBytes(artifacts.Json), new ContentType("application", "json"));
        message.Body = body.ToMessageBody();
        await new SmtpSender(options.Connection()).SendAsync(message, ct).ConfigureAwait(false);
    }
}
