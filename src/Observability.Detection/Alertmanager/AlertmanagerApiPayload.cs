using System.Text.Json;
using Observability.Detection.Alerting;
using Observability.Detection.Notifiers;

namespace Observability.Detection.Alertmanager;

/// <summary>
/// The body of Alertmanager's <c>POST /api/v2/alerts</c> (its OpenAPI <c>postableAlerts</c>): an array of
/// <c>labels</c>, <c>annotations</c>, <c>startsAt</c>, <c>endsAt</c>, <c>generatorURL</c>, as Prometheus sends it.
/// A firing alert's <c>endsAt</c> is the time it is valid until; a resolved one's is when it resolved.
/// </summary>
public static class AlertmanagerApiPayload
{
    public static byte[] Serialize(IReadOnlyList<(Alert Alert, DateTimeOffset EndsAt)> alerts)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartArray();
            foreach (var (a, endsAt) in alerts)
            {
                w.WriteStartObject();
                w.WriteStartObject("labels");
                foreach (var (k, v) in a.Labels.Pairs)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
                w.WriteStartObject("annotations");
                foreach (var (k, v) in a.Annotations)
                {
                    w.WriteString(k, v);
                }

                w.WriteEndObject();
                w.WriteString("startsAt", AlertmanagerPayload.Format(a.StartsAt));
                w.WriteString("endsAt", AlertmanagerPayload.Format(endsAt));
                if (a.GeneratorUrl is { } url && Uri.TryCreate(url, UriKind.Absolute, out _))
                {
                    w.WriteString("generatorURL", url); // Alertmanager rejects a generatorURL that is not a URI
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        return stream.ToArray();
    }
}
