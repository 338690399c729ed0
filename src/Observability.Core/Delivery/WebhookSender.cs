using System.Net;
using System.Net.Http.Headers;

namespace Observability.Core.Delivery;

/// <summary>
/// Sends one HTTP request (webhooks, PagerDuty, Alertmanager, the report's chat summary) with the <c>obs</c>
/// User-Agent and classifies the outcome once for every caller as a <see cref="DeliveryException"/>: 408, 429 and 5xx
/// answers, refused connections and timeouts are transient, other 4xx answers permanent; a <c>Retry-After</c>
/// (seconds or a date) travels with the exception so the caller's backoff can honour it. Retries are the caller's.
/// </summary>
public sealed class WebhookSender(HttpClient http, TimeProvider? time = null)
{
    private const int MaxBodyInMessage = 512;
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>POSTs <paramref name="json"/> as <c>application/json</c> to <paramref name="url"/>.</summary>
    public async Task PostJsonAsync(Uri url, HttpContent json, string target, CancellationToken ct, AuthenticationHeaderValue? authorization = null, TimeSpan? timeout = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = json };
        request.Headers.Authorization = authorization;
        await SendAsync(request, target, ct, timeout).ConfigureAwait(false);
    }

    /// <summary>POSTs <paramref name="body"/> (UTF-8 JSON) to <paramref name="url"/>.</summary>
    public Task PostJsonAsync(Uri url, byte[] body, string target, CancellationToken ct, AuthenticationHeaderValue? authorization = null, TimeSpan? timeout = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return PostJsonAsync(url, content, target, ct, authorization, timeout);
    }

    /// <summary>Sends <paramref name="request"/>; <paramref name="target"/> names the receiver in errors (no credentials).</summary>
    public async Task SendAsync(HttpRequestMessage request, string target, CancellationToken ct, TimeSpan? timeout = null)
    {
        ObsUserAgent.Apply(request);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (timeout is { } t)
        {
            deadline.CancelAfter(t);
        }

        try
        {
            using var response = await http.SendAsync(request, deadline.Token).ConfigureAwait(false);
            await EnsureSuccessAsync(response, target, deadline.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new DeliveryException($"{target}: {e.Message}", true, e);
        }
        catch (OperationCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new DeliveryException($"{target}: timed out", true, e);
        }
    }

    /// <summary>Whether a failed answer with <paramref name="status"/> is worth retrying.</summary>
    public static bool IsTransient(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private async Task EnsureSuccessAsync(HttpResponseMessage response, string target, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        if (body.Length > MaxBodyInMessage)
        {
            body = body[..MaxBodyInMessage];
        }

        var reason = string.IsNullOrEmpty(response.ReasonPhrase) ? string.Empty : " " + response.ReasonPhrase;
        throw new DeliveryException($"{target} answered {code}{reason}: {body}", IsTransient(response.StatusCode), null, RetryAfter(response)) { StatusCode = code };
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - _time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
