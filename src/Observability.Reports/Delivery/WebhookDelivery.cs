using System.Net.Http.Headers;
using Observability.Reports.Rendering;

namespace Observability.Reports.Delivery;

/// <summary>POSTs the chat summary (<see cref="ChatSummary"/>) as JSON; a non-success status is a failed delivery.</summary>
public sealed class WebhookDelivery(HttpClient http, WebhookDeliveryOptions options) : IReportDelivery
{
    public string Name => $"webhook {new Uri(options.Url).GetLeftPart(UriPartial.Authority)}";

    public async Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        options.Validate();
        using var content = new StringContent(ChatSummary.Json(artifacts.Report, options.ReportUrl));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        using var response = await http.PostAsync(new Uri(options.Url), content, timeout.Token).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"webhook answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }
}
