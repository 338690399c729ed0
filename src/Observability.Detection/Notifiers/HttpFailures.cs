using System.Net;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>Classifies HTTP outcomes: 5xx, 408 and 429 are transient; other 4xx are permanent.</summary>
internal static class HttpFailures
{
    public static async Task EnsureSuccessAsync(HttpResponseMessage response, string target, CancellationToken ct)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var code = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(ct);
        if (body.Length > 512)
        {
            body = body[..512];
        }

        var transient = code >= 500 || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
        throw new NotifierException($"{target} answered {code}: {body}", transient);
    }

    public static async Task SendAsync(HttpClient http, HttpRequestMessage request, string target, CancellationToken ct)
    {
        ObsUserAgent.Apply(request);
        try
        {
            using var response = await http.SendAsync(request, ct);
            await EnsureSuccessAsync(response, target, ct);
        }
        catch (HttpRequestException e)
        {
            throw new NotifierException($"{target}: {e.Message}", true, e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new NotifierException($"{target}: timed out", true, e);
        }
    }
}
