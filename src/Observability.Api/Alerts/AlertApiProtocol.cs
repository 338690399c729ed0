using System.Text.Json;

namespace Observability.Api.Alerts;

/// <summary>
/// The alert endpoints of obs up's loopback API (same token as the query API), so <c>obs alerts</c> lists, shows,
/// silences and acknowledges while obs up holds the store. Alerts and silences travel as the JSON of
/// <see cref="AlertDto"/> and <see cref="SilenceDto"/> (camelCase).
/// </summary>
public static class AlertApiProtocol
{
    public const string AlertsPath = "/api/alerts";
    public const string AcknowledgedPath = "/api/alerts/acknowledged";
    public const string AckPath = "/api/alerts/ack";
    public const string SilencesPath = "/api/silences";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);
}
