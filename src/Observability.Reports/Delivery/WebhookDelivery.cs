using System.Net.Http.Headers;
using Observability.Core.Delivery;
using Observability.Reports.Rendering;

namespace Observability.Reports.Delivery;

/// <summary>
/// POSTs the chat summary (<see cref="ChatSummary"/>) as JSON through <see cref="WebhookSender"/>; a non-success status
/// is a failed delivery (a <see cref="DeliveryException"/>, transient or permanent).
/// </summary>
public sealed class WebhookDelivery(HttpClient http, WebhookDeliveryOptions options) : IReportDelivery
{
    public string Name => $"webhook {new Uri(options.Url).GetLeftPart(UriPartial.Authority)}";

    public async Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        options.Validate();
        var content = new StringContent(ChatSummary.Json(artifacts.Report, options.ReportUrl));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        await new WebhookSender(http).PostJsonAsync(new Uri(options.Url), content, "webhook", ct, timeout: options.Timeout).ConfigureAwait(false);
    }
}
