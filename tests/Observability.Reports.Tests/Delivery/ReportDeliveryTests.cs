using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Options;
using Observability.Core.Telemetry;
using Observability.Reports.Delivery;
using Observability.Reports.Rendering;
using Observability.Reports.Scheduling;
using Observability.Reports.Sections;
using Observability.Reports.Tests.Seed;
using Observability.Testing.Smtp;

namespace Observability.Reports.Tests.Delivery;

/// <summary>A report run over the seeded store, delivered through a real SMTP conversation, a real HTTP listener and a directory.</summary>
public sealed class ReportDeliveryTests(SeededStoreFixture f) : IClassFixture<SeededStoreFixture>
{
    [Fact]
    public async Task A_run_is_stored_then_mailed_posted_and_written()
    {
        await using var smtp = new LoopbackSmtpServer();
        using var hook = new LoopbackWebhook();
        using var http = new HttpClient();
        var dir = Path.Combine(f.Db.Directory.Path, "out-" + Guid.NewGuid().ToString("N"));
        var deliveries = new IReportDelivery[]
        {
            new DirectoryDelivery(dir),
            new SmtpDelivery(new SmtpDeliveryOptions { Host = "127.0.0.1", Port = smtp.Port, Security = "none", From = "obs@example.test", To = ["ops@example.test"] }),
            new WebhookDelivery(http, new WebhookDeliveryOptions { Url = hook.Url }),
        };
        using var runner = new ReportRunner(ReportSections.Create(f.Db.Store), f.Db.Store, f.Options, TimeProvider.System, deliveries, NullLogger<ReportRunner>.Instance);

        var result = await runner.RunAsync("daily", SeededCluster.Period, CancellationToken.None);

        Assert.Empty(result.FailedDeliveries);
        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("ops@example.test", mail.To.Mailboxes.Single().Address);
        Assert.Contains("daily cluster health", mail.Subject);
        Assert.Contains("data:image/png;base64,", mail.HtmlBody);
        Assert.Contains($"hosts reporting: {f.Report.Fleet.HostsReporting.Current}", mail.TextBody);
        var attachment = Assert.Single(mail.Attachments.OfType<MimeKit.MimePart>());
        using (var json = new MemoryStream())
        {
            await attachment.Content!.DecodeToAsync(json);
            Assert.Equal(f.Report.Fleet.HostsReporting, ReportJson.Deserialize(System.Text.Encoding.UTF8.GetString(json.ToArray())).Fleet.HostsReporting);
        }

        var (contentType, body) = Assert.Single(hook.Received);
        Assert.StartsWith("application/json", contentType);
        using var doc = JsonDocument.Parse(body);
        var text = doc.RootElement.GetProperty("text").GetString()!;
        Assert.Contains($"hosts reporting: {f.Report.Fleet.HostsReporting.Current}", text);
        Assert.Equal(result.Artifacts.Report.Id, doc.RootElement.GetProperty("report").GetProperty("id").GetString());

        Assert.All(new DirectoryDelivery(dir).PathsFor(result.Artifacts), p => Assert.True(File.Exists(p), p));
        var stored = new ReportStore(f.Db.Store).List().Single(r => r.Id == result.Artifacts.Report.Id);
        Assert.Equal(SeededCluster.Period.End, stored.PeriodEnd);
        Assert.Equal(result.Artifacts.Json, new ReportStore(f.Db.Store).Json(stored.Id));
    }

    [Fact]
    public async Task A_failing_webhook_is_reported_and_loses_neither_the_stored_report_nor_the_other_deliveries()
    {
        using var hook = new LoopbackWebhook { Status = System.Net.HttpStatusCode.InternalServerError };
        using var http = new HttpClient();
        var dir = Path.Combine(f.Db.Directory.Path, "out-" + Guid.NewGuid().ToString("N"));
        using var runner = new ReportRunner(ReportSections.Create(f.Db.Store), f.Db.Store, f.Options, TimeProvider.System,
            [new WebhookDelivery(http, new WebhookDeliveryOptions { Url = hook.Url }), new DirectoryDelivery(dir)], NullLogger<ReportRunner>.Instance);
        var period = SeededCluster.Period with { End = SeededCluster.Period.End.AddHours(-1) };

        var result = await runner.RunAsync("failing", period, CancellationToken.None);

        var failure = Assert.Single(result.FailedDeliveries);
        Assert.Contains("500", failure.Error);
        Assert.Equal(1, runner.Telemetry.Value(TelemetryNames.Failed, ReportDeliveries.FailedReasons.RetriesExhausted)); // one try, 500 is transient
        Assert.Single(hook.Received);
        Assert.True(File.Exists(new DirectoryDelivery(dir).PathsFor(result.Artifacts)[0]));
        Assert.Contains(new ReportStore(f.Db.Store).List(), r => r.Id == result.Artifacts.Report.Id);
    }

    private static readonly ReportDeliveryRetry ThreeQuickTries = new(3, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50));

    private ReportRunner WebhookRunner(LoopbackWebhook hook, HttpClient http) =>
        new(ReportSections.Create(f.Db.Store), f.Db.Store, f.Options, TimeProvider.System,
            [new WebhookDelivery(http, new WebhookDeliveryOptions { Url = hook.Url })], NullLogger<ReportRunner>.Instance, ThreeQuickTries);

    [Fact]
    public async Task A_webhook_that_fails_transiently_is_tried_again_and_the_report_arrives()
    {
        using var hook = new LoopbackWebhook { Status = System.Net.HttpStatusCode.ServiceUnavailable, FailuresBeforeSuccess = 2 };
        using var http = new HttpClient();
        using var runner = WebhookRunner(hook, http);

        var result = await runner.RunAsync("retried", SeededCluster.Period with { End = SeededCluster.Period.End.AddHours(-3) }, CancellationToken.None);

        Assert.Empty(result.FailedDeliveries);
        Assert.Equal(3, hook.Received.Count); // 503, 503, then 200
        Assert.Equal(2, runner.Telemetry.Value(TelemetryNames.Retries));
        Assert.Equal(1, runner.Telemetry.Value(TelemetryNames.Sent));
        Assert.Equal(0, runner.Telemetry.Value(TelemetryNames.Failed));
        Assert.Equal(1, runner.Telemetry.Value(ReportRunner.Runs));
    }

    [Fact]
    public async Task A_webhook_that_keeps_failing_is_tried_as_often_as_configured_and_a_permanent_refusal_once()
    {
        using var http = new HttpClient();
        using (var down = new LoopbackWebhook { Status = System.Net.HttpStatusCode.InternalServerError })
        {
            using var runner = WebhookRunner(down, http);
            var result = await runner.RunAsync("down", SeededCluster.Period with { End = SeededCluster.Period.End.AddHours(-4) }, CancellationToken.None);
            Assert.Contains("500", Assert.Single(result.FailedDeliveries).Error);
            Assert.Equal(3, down.Received.Count);
            Assert.Equal(1, runner.Telemetry.Value(TelemetryNames.Failed, ReportDeliveries.FailedReasons.RetriesExhausted));
        }

        using var refusing = new LoopbackWebhook { Status = System.Net.HttpStatusCode.BadRequest };
        using var refused = WebhookRunner(refusing, http);
        var answer = await refused.RunAsync("refused", SeededCluster.Period with { End = SeededCluster.Period.End.AddHours(-5) }, CancellationToken.None);
        Assert.Contains("400", Assert.Single(answer.FailedDeliveries).Error);
        Assert.Single(refusing.Received); // a 4xx is permanent: trying again would be refused again
        Assert.Equal(0, refused.Telemetry.Value(TelemetryNames.Retries));
        Assert.Equal(1, refused.Telemetry.Value(TelemetryNames.Failed, ReportDeliveries.FailedReasons.Refused));
    }

    [Fact]
    public void Delivery_retry_settings_are_checked_naming_the_key()
    {
        var e = Assert.Throws<ObsConfigException>(() => new ReportsOptions { DeliveryAttempts = 0 }.Validate());
        Assert.Equal("reports.delivery_attempts", e.Key);
        e = Assert.Throws<ObsConfigException>(() => new ReportsOptions { DeliveryRetryInitial = TimeSpan.FromMinutes(2), DeliveryRetryMax = TimeSpan.FromMinutes(1) }.Validate());
        Assert.Equal("reports.delivery_retry_max", e.Key);
    }

    [Fact]
    public async Task Smtp_to_a_closed_port_fails_with_a_clear_error()
    {
        int port;
        using (var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            l.Start();
            port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        }

        using var runner = new ReportRunner(ReportSections.Create(f.Db.Store), f.Db.Store, f.Options, TimeProvider.System,
            [new SmtpDelivery(new SmtpDeliveryOptions { Host = "127.0.0.1", Port = port, Security = "none", From = "a@b.test", To = ["c@d.test"], Timeout = TimeSpan.FromSeconds(5) })],
            NullLogger<ReportRunner>.Instance);
        var result = await runner.RunAsync("closed", SeededCluster.Period with { End = SeededCluster.Period.End.AddHours(-2) }, CancellationToken.None);
        Assert.Contains("smtp 127.0.0.1", Assert.Single(result.FailedDeliveries).Delivery);
    }
}
