using Observability.Core.Documents;
using Observability.Detection.Alerting;

namespace Observability.Detection.Rules;

/// <summary>Turns entity fields of a document into alert labels with short names (host, gpu, job, rank).</summary>
public static class EntityLabels
{
    public static string LabelName(string field) => field switch
    {
        "host.name" or "host.hostname" => "host",
        "gpu.index" or "gpu.id" or "gpu.uuid" => "gpu",
        "training.job.id" => "job",
        "training.rank" => "rank",
        "service.name" => "service",
        _ => field.Replace('.', '_'),
    };

    /// <summary>The entity of <paramref name="doc"/> for the <paramref name="by"/> fields; null when a field is missing.</summary>
    public static LabelSet? Of(EcsDocument doc, IReadOnlyList<string> by)
    {
        var pairs = new List<KeyValuePair<string, string>>(by.Count);
        foreach (var field in by)
        {
            var v = doc.GetString(field);
            if (string.IsNullOrEmpty(v))
            {
                return null;
            }

            pairs.Add(KeyValuePair.Create(LabelName(field), v));
        }

        return new LabelSet(pairs);
    }

    /// <summary>Fills <c>{{label}}</c>, <c>{{value}}</c> and <c>{{score}}</c> placeholders.</summary>
    public static string Expand(string template, LabelSet labels, double value, double score)
    {
        var s = template.Replace("{{value}}", value.ToString("G4", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{{score}}", score.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        foreach (var (k, v) in labels.Pairs)
        {
            s = s.Replace("{{" + k + "}}", v, StringComparison.Ordinal);
        }

        return s;
    }
}
