using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Delivery;
using Observability.Core.Retry;
using Observability.Testing.Http;

namespace Observability.Core.Tests.Delivery;

/// <summary>The one webhook sender against a real HTTP listener: how each answer is classified.</summary>
public sealed class WebhookSenderTests : IAsyncDisposable
{
    private readonly HttpReceiver _receiver = new();
    private readonly HttpClient _http = new();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task A_429_with_retry_after_seconds_is_transient_and_the_backoff_waits_as_long_as_asked()
    {
        _receiver.StatusCodes.Enqueue(429);
        _receiver.RetryAfter = "7";

        var e = await Assert.ThrowsAsync<DeliveryException>(() => PostAsync(new WebhookSender(_http)));

        Assert.True(e.IsTransient);
        Assert.Equal(429, e.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromSeconds(7), backoff.Delay(1, e.RetryAfter));
    }

    [Fact]
    public async Task A_retry_after_date_is_read_as_the_wait_from_now()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        _receiver.StatusCodes.Enqueue(503);
        _receiver.RetryAfter = time.GetUtcNow().AddSeconds(90).ToString("r", CultureInfo.InvariantCulture);

        var e = await Assert.ThrowsAsync<DeliveryException>(() => PostAsync(new WebhookSender(_http, time)));

        Assert.True(e.IsTransient);
        Assert.Equal(TimeSpan.FromSeconds(90), e.RetryAfter);
    }

    [Fact]
    public async Task A_500_is_transient_without_a_retry_after()
    {
        _receiver.StatusCodes.Enqueue(500);

        var e = await Assert.ThrowsAsync<DeliveryException>(() => PostAsync(new WebhookSender(_http)));

        Assert.True(e.IsTransient);
        Assert.Equal(500, e.StatusCode);
        Assert.Null(e.RetryAfter);
        Assert.Contains("answered 500", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_is_permanent()
    {
        _receiver.StatusCodes.Enqueue(400);

        var e = await Assert.ThrowsAsync<DeliveryException>(() => PostAsync(new WebhookSender(_http)));

        Assert.False(e.IsTransient);
        Assert.Equal(400, e.StatusCode);
    }

    [Fact]
    public async Task A_refused_connection_is_transient()
    {
        var closed = new Uri($"http://127.0.0.1:{HttpReceiver.FreePort()}/hook/");

        var e = await Assert.ThrowsAsync<DeliveryException>(() => new WebhookSender(_http).PostJsonAsync(closed, "{}"u8.ToArray(), "test hook", CancellationToken.None));

        Assert.True(e.IsTransient);
        Assert.Null(e.StatusCode);
    }

    [Fact]
    public async Task An_accepted_post_arrives_with_the_obs_user_agent_and_the_authorization()
    {
        await new WebhookSender(_http).PostJsonAsync(_receiver.Url, "{\"a\":1}"u8.ToArray(), "test hook", CancellationToken.None,
            new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "t0ken"));

        var (body, authorization) = Assert.Single(_receiver.Requests);
        Assert.Equal("{\"a\":1}", body);
        Assert.Equal("Bearer t0ken", authorization);
        Assert.StartsWith("obs/", Assert.Single(_receiver.UserAgents), StringComparison.Ordinal);
    }

    private Task PostAsync(WebhookSender sender) => sender.PostJsonAsync(_receiver.Url, "{}"u8.ToArray(), "test hook", CancellationToken.None);
}
