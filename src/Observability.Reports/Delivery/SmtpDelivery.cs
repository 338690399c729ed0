using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Observability.Reports.Delivery;

/// <summary>Sends the report by e-mail: the HTML page as body (charts inline as data URIs), the Markdown as the text alternative, the JSON attached.</summary>
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

        using var client = new SmtpClient { Timeout = (int)options.Timeout.TotalMilliseconds };
        var security = options.Security switch
        {
            "tls" => SecureSocketOptions.SslOnConnect,
            "none" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(options.Host, options.Port, security, ct).ConfigureAwait(false);
        if (options.Username is not null)
        {
            var password = Environment.GetEnvironmentVariable(options.PasswordEnv!)
                ?? throw new InvalidOperationException($"reports.smtp.password_env: environment variable {options.PasswordEnv} is not set");
            await client.AuthenticateAsync(options.Username, password, ct).ConfigureAwait(false);
        }

        await client.SendAsync(message, ct).ConfigureAwait(false);
        await client.DisconnectAsync(true, ct).ConfigureAwait(false);
    }
}
