using MimeKit;
using Observability.Core.Delivery;
using Observability.Testing.Http;
using Observability.Testing.Smtp;

namespace Observability.Core.Tests.Delivery;

/// <summary>The one SMTP sender in a real SMTP conversation: accepted, rejected for now (4xx), rejected for good (5xx), unreachable.</summary>
public sealed class SmtpSenderTests : IAsyncDisposable
{
    private readonly LoopbackSmtpServer _smtp = new();

    public ValueTask DisposeAsync() => _smtp.DisposeAsync();

    [Fact]
    public async Task An_accepted_message_arrives()
    {
        await Sender(_smtp.Port).SendAsync(Message("hello"), CancellationToken.None);

        Assert.Equal("hello", Assert.Single(_smtp.Messages).Subject);
    }

    [Fact]
    public async Task A_4xx_reply_is_transient()
    {
        _smtp.RejectWith = 451;

        var e = await Assert.ThrowsAsync<DeliveryException>(() => Sender(_smtp.Port).SendAsync(Message("busy"), CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Equal(451, e.StatusCode);
        Assert.StartsWith($"smtp 127.0.0.1:{_smtp.Port}: 451", e.Message, StringComparison.Ordinal);
        Assert.Empty(_smtp.Messages);
    }

    [Fact]
    public async Task A_5xx_reply_is_permanent()
    {
        _smtp.RejectWith = 554;

        var e = await Assert.ThrowsAsync<DeliveryException>(() => Sender(_smtp.Port).SendAsync(Message("refused"), CancellationToken.None));

        Assert.False(e.IsTransient);
        Assert.Equal(554, e.StatusCode);
    }

    [Fact]
    public async Task An_unreachable_server_is_transient()
    {
        var e = await Assert.ThrowsAsync<DeliveryException>(() => Sender(HttpReceiver.FreePort()).SendAsync(Message("nobody"), CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
    }

    [Theory]
    [InlineData("starttls", SmtpSecurity.StartTls)]
    [InlineData("tls", SmtpSecurity.SslOnConnect)]
    [InlineData("none", SmtpSecurity.None)]
    [InlineData("StartTlsWhenAvailable", SmtpSecurity.StartTlsWhenAvailable)]
    [InlineData("SslOnConnect", SmtpSecurity.SslOnConnect)]
    public void Both_security_vocabularies_are_read(string value, SmtpSecurity expected) => Assert.Equal(expected, SmtpConnection.ParseSecurity(value));

    [Fact]
    public void An_unknown_security_is_not_read() => Assert.Null(SmtpConnection.ParseSecurity("ssl3"));

    private static SmtpSender Sender(int port) => new(new SmtpConnection("127.0.0.1", port, SmtpSecurity.None, TimeSpan.FromSeconds(10)));

    private static MimeMessage Message(string subject)
    {
        var m = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = "body" } };
        m.From.Add(MailboxAddress.Parse("obs@test.local"));
        m.To.Add(MailboxAddress.Parse("ops@test.local"));
        return m;
    }
}
