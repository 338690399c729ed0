using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Detection.Alerting;

namespace Observability.Detection.Engine;

/// <summary>An alert state change as an ECS document on <c>obs.alerts</c> (key = fingerprint, id = fingerprint + activation + state).</summary>
public static class AlertMessages
{
    public static EcsDocument ToDocument(Alert a)
    {
        var doc = AlertDocuments.ToDocument(a);
        doc.Set(EcsFields.Timestamp, a.UpdatedAt);
        doc.Set(EcsFields.EventKind, "alert");
        doc.Set(EcsFields.EventDataset, "obs.alerts");
        doc.Set(EcsFields.Message, a.Annotations.GetValueOrDefault("summary") ?? a.Name);
        doc.Set("alert.name", a.Name);
        doc.Set("alert.starts_at", a.StartsAt);
        if (a.EndsAt is { } end)
        {
            doc.Set("alert.ends_at", end);
        }

        doc.Id = EventIds.FromParts(a.Fingerprint, a.ActiveAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture), a.State.ToString());
        return doc;
    }

    public static TransportMessage ToMessage(Alert a) => new(Topics.Alerts, a.Fingerprint, EcsJson.ToUtf8(ToDocument(a)));
}
