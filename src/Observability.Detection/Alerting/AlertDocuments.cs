using Observability.Core.Documents;

namespace Observability.Detection.Alerting;

/// <summary>An alert as an ECS-shaped document so KQL can match it: labels both bare and under <c>labels.</c>, annotations under <c>annotations.</c>.</summary>
public static class AlertDocuments
{
    public static EcsDocument ToDocument(Alert alert)
    {
        var doc = new EcsDocument();
        foreach (var (k, v) in alert.Labels.Pairs)
        {
            doc.Set(k, v);
            doc.Set("labels." + k, v);
        }

        foreach (var (k, v) in alert.Annotations)
        {
            doc.Set("annotations." + k, v);
        }

        doc.Set("alert.state", alert.State.ToString().ToLowerInvariant());
        doc.Set("alert.fingerprint", alert.Fingerprint);
        doc.Set("alert.score", alert.Score);
        doc.Set(EcsFields.Timestamp, alert.StartsAt);
        return doc;
    }
}
