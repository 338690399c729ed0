using Observability.Testing.Smtp;
using Observability.Core.Options;
using Observability.Detection.Hosting;
using Observability.Detection.Notifiers;
using Observability.Detection.Tests.Alerting;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Notifiers;

public sealed class EmailNotifierTests
{
    [Fact]
    public async Task Firing_and_resolved_notifications_arrive_at_a_real_smtp_server_with_an_html_body()
    {
        await using var smtp = new LoopbackSmtpServer();
        var email = new EmailNotifier("oncall", new EmailNotifierOptions { Host = "127.0.0.1", Port = smtp.Port, Security = "None", From = "obs@test.local", To = ["oncall@test.local"] });
        using var h = new AlertingHarness([email]);
        var a = AlertingHarness.Candidate("GpuHot", ("host", "node1"), ("gpu", "2"));
        await h.StepAsync("gpu-hot", [a]);
        h.Time.Advance(TimeSpan.FromSeconds(30));
        await h.StepAsync("gpu-hot", [a]);

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("[FIRING:1] GpuHot", mail.Subject);
        Assert.Equal("oncall@test.local", mail.To.Mailboxes.Single().Address);
        Assert.Contains("<table", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("node1", mail.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("test alert", mail.TextBody, StringComparison.Ordinal);

        await h.StepAsync("gpu-hot", []);
        h.Time.Advance(TimeSpan.FromMinutes(5));
        await h.StepAsync("gpu-hot", []);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.StartsWith("[RESOLVED:0]", smtp.Messages.Last().Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_a_transient_failure()
    {
        var email = new EmailNotifier("mail", new EmailNotifierOptions { Host = "127.0.0.1", Port = HttpReceiver.FreePort(), Security = "None", To = ["x@test.local"], Timeout = TimeSpan.FromSeconds(5) });
        var message = new Observability.Detection.Alerting.NotificationMessage("mail", "{}:{}", "firing", Observability.Detection.Alerting.LabelSet.Empty, Observability.Detection.Alerting.LabelSet.Empty, new Dictionary<string, string>(), "http://x", []);
        var e = await Assert.ThrowsAsync<Observability.Core.Delivery.DeliveryException>(() => email.NotifyAsync(message, CancellationToken.None));
        Assert.True(e.IsTransient);
    }

    [Fact]
    public void A_bad_email_receiver_fails_naming_its_obs_yml_key()
    {
        var options = new DetectionOptions { Receivers = [new ReceiverOptions { Name = "mail", Email = new EmailNotifierOptions { Port = 0, To = ["x@test.local"] } }] };

        var e = Assert.Throws<ObsConfigException>(options.Validate);
        Assert.Equal("detection.receivers[0].email.port", e.Key);
        Assert.Equal("detection.receivers[].email.security",
            Assert.Throws<ObsConfigException>(() => new EmailNotifierOptions { Security = "sometimes", To = ["x@test.local"] }.Validate()).Key);
    }
}
