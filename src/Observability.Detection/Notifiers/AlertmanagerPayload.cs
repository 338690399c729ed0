using System.Globalization;
using System.Text.Json;
using Observability.Detection.Alerting;

namespace Observability.Detection.Notifiers;

/// <summary>
/// Alertmanager's webhook body, version 4 (docs: prometheus.io/docs/alerting/latest/configuration/#webhook_config),
/// so receivers written for Alertmanager work unchanged. Firing alerts carry <c>endsAt</c> "0001-01-01T00:00:00Z".
/// </summary>
public static class AlertmanagerPayload
{
    public const string ZeroTime = "0001-01-01T00:00:00Z";

    public static byte[] Serialize(NotificationMessage m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("version", "4");
            w.WriteString("groupKey", m.GroupKey);
            w.WriteNumber("truncatedAlerts", 0);
            w.WriteString("status", m.Status);
            w.WriteString("receiver", m.Receiver);
            WriteMap(w, "groupLabels", m.GroupLabels.Pairs);
            WriteMap(w, "commonLabels", m.CommonLabels.Pairs);
            WriteMap(w, "commonAnnotations", m.CommonAnnotations);
            w.WriteString("externalURL", m.ExternalUrl);
            w.WriteStartArray("alerts");
            foreach (var a in m.Alerts)
            {
                w.WriteStartObject();
                w.WriteString("status", a.State == AlertState.Resolved ? "resolved" : "firing");
                WriteMap(w, "labels", a.Labels.Pairs);
                WriteMap(w, "annotations", a.Annotations);
                w.WriteString("startsAt", Format(a.StartsAt));
                w.WriteString("endsAt", a.State == AlertState.Resolved && a.EndsAt is { } end ? Format(end) : ZeroTime);
                w.WriteString("generatorURL", a.GeneratorUrl ?? m.ExternalUrl);
                w.WriteString("fingerprint", a.Fingerprint);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return stream.ToArray();
    }

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteMap(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in pairs)
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
