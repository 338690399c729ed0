using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch.Http;

/// <summary>One HTTP answer from Elasticsearch or Kibana: status, body and the headers we act on.</summary>
public sealed record EsResponse(HttpStatusCode Status, byte[] Body, TimeSpan? RetryAfter)
{
    public int StatusCode => (int)Status;

    public bool IsSuccess => StatusCode is >= 200 and < 300;

    /// <summary>429 and 5xx: worth retrying after a pause (Elasticsearch's own classification).</summary>
    public bool IsTransient => IsTransientStatus(StatusCode);

    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public static bool IsTransientStatus(int status) => status is 429 or 408 or >= 500;

    /// <summary>The error reason from an Elasticsearch error body, shortened for messages.</summary>
    public string ErrorSummary()
    {
        try
        {
            var error = Json?["error"];
            if (error is JsonObject o)
            {
                return $"{o["type"]}: {o["reason"]}";
            }

            if (error is not null)
            {
                return error.ToString();
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not JSON: fall through to the raw text
        }

        var text = BodyText;
        return text.Length > 300 ? text[..300] : text;
    }
}
