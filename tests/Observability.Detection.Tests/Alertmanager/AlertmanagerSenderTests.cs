using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Options;
using Observability.Detection.Alertmanager;
using Observability.Detection.Alerting;
using Observability.Testing;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alertmanager;

/// <summary>The sender against Debian's real Alertmanager (started per test on loopback), and its resend schedule and auth against an HTTP listener.</summary>
public sealed class AlertmanagerSenderTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private readonly HttpReceiver _webhook = new();
    private readonly AlertTracker _tracker = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _webhook.DisposeAsync();

    [AlertmanagerFact]
    public async Task Alerts_pushed_to_alertmanager_are_grouped_there_notified_and_resolved()
    {
        await using var am = await AlertmanagerProcess.StartAsync(_webhook.Url);
        var now = DateTimeOffset.UtcNow;
        var (sender, alerts) = await PushTwoAsync(am, now);
        using var owned = sender;
        Assert.All(alerts, a => Assert.Equal("active", a.GetProperty("status").GetProperty("state").GetString()));
        var node1 = Assert.Single(alerts, a => a.GetProperty("labels").GetProperty("host").GetString() == "node1");
        Assert.Equal("GpuHot on node1", node1.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal("http://127.0.0.1:5601/api/search?q=host.name%3A%22node1%22", node1.GetProperty("generatorURL").GetString());
        Assert.Equal(now.ToUnixTimeMilliseconds(), node1.GetProperty("startsAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.Equal(LabelSet.Of([("alertname", "GpuHot"), ("host", "node1")]).Fingerprint, node1.GetProperty("fingerprint").GetString());

        var group = Assert.Single(await am.GroupsAsync());
        Assert.Equal("GpuHot", group.GetProperty("labels").GetProperty("alertname").GetString());
        Assert.Equal(2, group.GetProperty("alerts").GetArrayLength());

        await Poll.UntilAsync(() => !_webhook.Requests.IsEmpty, Wait, "Alertmanager's webhook notification");
        using (var firing = JsonDocument.Parse(_webhook.Bodies[0]))
        {
            Assert.Equal("firing", firing.RootElement.GetProperty("status").GetString());
            Assert.Equal(2, firing.RootElement.GetProperty("alerts").GetArrayLength());
        }

        // The condition clears: the resolution (endsAt = when it resolved) reaches Alertmanager at once.
        var later = DateTimeOffset.UtcNow;
        _tracker.Apply("gpu-hot", [], TimeSpan.Zero, later);
        sender.Offer(_tracker.Snapshot(), later);
        await Poll.UntilAsync(() => _webhook.Bodies.Any(b => b.Contains("\"status\":\"resolved\"", StringComparison.Ordinal)), Wait, "the resolved notification");
        using var resolved = JsonDocument.Parse(_webhook.Bodies.First(b => b.Contains("\"status\":\"resolved\"", StringComparison.Ordinal)));
        Assert.All(resolved.RootElement.GetProperty("alerts").EnumerateArray(), a => Assert.Equal("resolved", a.GetProperty("status").GetString()));
        Assert.Empty(await am.AlertsAsync());
        await sender.StopAsync(CancellationToken.None);
        Assert.Equal(0, sender.Telemetry.Value("failed", "not_accepted"));
    }

    [AlertmanagerFact]
    public async Task An_alert_silenced_in_alertmanager_through_its_api_is_suppressed_there_and_not_notified()
    {
        await using var am = await AlertmanagerProcess.StartAsync(_webhook.Url);
        var silence = await am.SilenceAsync("host", "node1", TimeSpan.FromHours(1));
        var now = DateTimeOffset.UtcNow;
        var (sender, alerts) = await PushTwoAsync(am, now);
        using var owned = sender;
        var muted = Assert.Single(alerts, a => a.GetProperty("labels").GetProperty("host").GetString() == "node1");
        Assert.Equal("suppressed", muted.GetProperty("status").GetProperty("state").GetString());
        Assert.Equal([silence], muted.GetProperty("status").GetProperty("silencedBy").EnumerateArray().Select(e => e.GetString()));

        await Poll.UntilAsync(() => !_webhook.Requests.IsEmpty, Wait, "the notification of the other alert");
        using var body = JsonDocument.Parse(_webhook.Bodies[0]);
        var hosts = body.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("labels").GetProperty("host").GetString()).ToList();
        Assert.Equal(["node2"], hosts);
        await sender.StopAsync(CancellationToken.None);
    }

    [AlertmanagerFact]
    public async Task Alerts_reach_an_alertmanager_served_over_tls_with_the_configured_ca_and_not_without_it()
    {
        using var dir = TemporaryDirectory.Create("am-tls");
        using var cert = SelfSigned();
        await File.WriteAllTextAsync(dir.File("cert.pem"), cert.ExportCertificatePem());
        using (var key = cert.GetECDsaPrivateKey()!)
        {
            await File.WriteAllTextAsync(dir.File("key.pem"), key.ExportPkcs8PrivateKeyPem());
        }

        await File.WriteAllTextAsync(dir.File("web.yml"), $"tls_server_config:\n  cert_file: {dir.File("cert.pem")}\n  key_file: {dir.File("key.pem")}\n");
        await using var am = await AlertmanagerProcess.StartAsync(_webhook.Url, dir.File("web.yml"), cert);
        using var trusted = new AlertmanagerSender([new AlertmanagerClient(new AlertmanagerTargetOptions { Url = am.Url.ToString(), CaFile = dir.File("cert.pem") })], TimeSpan.FromSeconds(1));
        using var untrusted = new AlertmanagerSender([new AlertmanagerClient(new AlertmanagerTargetOptions { Url = am.Url.ToString() })], TimeSpan.FromSeconds(1));
        await trusted.StartAsync(CancellationToken.None);
        await untrusted.StartAsync(CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        Fire(now, "node1");
        untrusted.Offer(_tracker.Snapshot(), now);
        await Poll.UntilAsync(() => untrusted.Telemetry.Value("failed", "not_accepted") == 1, Wait, "the unverifiable certificate refused");
        Assert.Empty(await am.AlertsAsync());

        trusted.Offer(_tracker.Snapshot(), now);
        await Poll.UntilAsync(async () => (await am.AlertsAsync()).Count == 1, Wait, "the alert over TLS");
        Assert.Equal(1, trusted.Telemetry.Value("sent"));
        await trusted.StopAsync(CancellationToken.None);
        await untrusted.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Firing_alerts_are_resent_every_resend_delay_valid_for_four_of_them_with_auth_and_user_agent_to_every_target()
    {
        await using var second = new HttpReceiver();
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        using var sender = new AlertmanagerSender(
            [
                new AlertmanagerClient(new AlertmanagerTargetOptions { Url = _webhook.Url.ToString(), BearerToken = "t0ken" }),
                new AlertmanagerClient(new AlertmanagerTargetOptions { Url = second.Url.ToString(), Username = "am", Password = "pw" }),
            ],
            TimeSpan.FromSeconds(1));
        await sender.StartAsync(CancellationToken.None);
        Fire(time.GetUtcNow(), "node1");
        sender.Offer(_tracker.Snapshot(), time.GetUtcNow());
        await Poll.UntilAsync(() => _webhook.Requests.Count == 1 && second.Requests.Count == 1, Wait, "the first post to each target");
        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            sender.Offer(_tracker.Snapshot(), time.GetUtcNow()); // at 20 and 40 s nothing; at 60 s the resend
        }

        time.Advance(TimeSpan.FromSeconds(20));

        await Poll.UntilAsync(() => _webhook.Requests.Count == 2 && second.Requests.Count == 2, Wait, "two posts to each target");
        Assert.All(_webhook.Requests, r => Assert.Equal("Bearer t0ken", r.Authorization));
        Assert.All(second.Requests, r => Assert.Equal("Basic " + Convert.ToBase64String("am:pw"u8), r.Authorization));
        Assert.All(_webhook.UserAgents.Concat(second.UserAgents), ua => Assert.Equal("obs/1.0", ua));
        using var resent = JsonDocument.Parse(_webhook.Bodies[1]);
        var alert = Assert.Single(resent.RootElement.EnumerateArray().ToList());
        Assert.Equal("2026-11-26T12:00:00.000Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("2026-11-26T12:05:00.000Z", alert.GetProperty("endsAt").GetString()); // sent at 12:01, valid 4 × 1 min

        // Resolved: sent at once (not waiting for the resend delay), endsAt = when it resolved.
        _tracker.Apply("gpu-hot", [], TimeSpan.Zero, time.GetUtcNow());
        sender.Offer(_tracker.Snapshot(), time.GetUtcNow());
        await Poll.UntilAsync(() => _webhook.Requests.Count == 3, Wait, "the resolution");
        using var resolved = JsonDocument.Parse(_webhook.Bodies[2]);
        Assert.Equal("2026-11-26T12:01:20.000Z", resolved.RootElement[0].GetProperty("endsAt").GetString());
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_failing_alertmanager_is_counted_and_does_not_keep_the_alert_from_the_others()
    {
        await using var second = new HttpReceiver();
        _webhook.StatusCodes.Enqueue(500);
        using var sender = new AlertmanagerSender(
            [new AlertmanagerClient(new AlertmanagerTargetOptions { Url = _webhook.Url.ToString() }), new AlertmanagerClient(new AlertmanagerTargetOptions { Url = second.Url.ToString() })],
            TimeSpan.FromSeconds(1));
        await sender.StartAsync(CancellationToken.None);
        Fire(DateTimeOffset.UtcNow, "node1");
        sender.Offer(_tracker.Snapshot(), DateTimeOffset.UtcNow);
        await Poll.UntilAsync(() => sender.Telemetry.Value("failed", "not_accepted") == 1 && sender.Telemetry.Value("sent") == 1, Wait, "one failed, one sent");
        Assert.Single(second.Requests);
        Assert.Empty(_webhook.Requests);
        await sender.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Credentials_in_the_url_and_half_configured_auth_are_refused_at_start_up()
    {
        var inUrl = Assert.Throws<ObsConfigException>(() => new AlertmanagerTargetOptions { Url = "http://user:pw@127.0.0.1:9093" }.Validate("detection.alertmanagers[0]"));
        Assert.Equal("detection.alertmanagers[0].url", inUrl.Key);
        Assert.DoesNotContain("pw", inUrl.Message, StringComparison.Ordinal);
        Assert.Equal("detection.alertmanagers[].password", Assert.Throws<ObsConfigException>(() => new AlertmanagerTargetOptions { Url = "http://127.0.0.1:9093", Username = "am" }.Validate()).Key);
        Assert.Equal("detection.alertmanagers[].bearer_token", Assert.Throws<ObsConfigException>(() => new AlertmanagerTargetOptions { Url = "http://127.0.0.1:9093", Username = "am", Password = "pw", BearerToken = "t" }.Validate()).Key);
        Assert.Equal("detection.alertmanagers[].url", Assert.Throws<ObsConfigException>(() => new AlertmanagerTargetOptions { Url = "ftp://127.0.0.1" }.Validate()).Key);
    }

    /// <summary>Starts a sender to <paramref name="am"/>, fires GpuHot on node1 and node2 and waits until Alertmanager lists both.</summary>
    private async Task<(AlertmanagerSender Sender, IReadOnlyList<JsonElement> Alerts)> PushTwoAsync(AlertmanagerProcess am, DateTimeOffset now)
    {
        var sender = new AlertmanagerSender([new AlertmanagerClient(new AlertmanagerTargetOptions { Url = am.Url.ToString() })], TimeSpan.FromSeconds(1));
        await sender.StartAsync(CancellationToken.None);
        Fire(now, "node1", "node2");
        sender.Offer(_tracker.Snapshot(), now);
        await Poll.UntilAsync(async () => (await am.AlertsAsync()).Count == 2, Wait, "both alerts in Alertmanager");
        return (sender, await am.AlertsAsync());
    }

    private void Fire(DateTimeOffset now, params string[] hosts) =>
        _tracker.Apply(
            "gpu-hot",
            hosts.Select(h => new AlertCandidate(LabelSet.Of([("alertname", "GpuHot"), ("host", h)]), new Dictionary<string, string> { ["summary"] = $"GpuHot on {h}" }, 90)).ToList(),
            TimeSpan.Zero,
            now,
            labels => $"http://127.0.0.1:5601/api/search?q={Uri.EscapeDataString($"host.name:\"{labels["host"]}\"")}");

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
    }
}
