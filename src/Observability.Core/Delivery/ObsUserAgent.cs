using System.Net.Http.Headers;

namespace Observability.Core.Delivery;

/// <summary>
/// The <c>User-Agent</c> of every request <see cref="WebhookSender"/> sends (webhooks, PagerDuty, Alertmanager, report
/// summaries), so a receiver's access log says who called; the same product token as the Elasticsearch client's.
/// </summary>
public static class ObsUserAgent
{
    public static readonly ProductInfoHeaderValue Value = new("obs", "1.0");

    /// <summary>Adds the header unless the request already names an agent.</summary>
    public static void Apply(HttpRequestMessage request)
    {
        if (request.Headers.UserAgent.Count == 0)
        {
            request.Headers.UserAgent.Add(Value);
        }
    }
}
