using System.Text.Json.Nodes;

namespace Observability.Reports.Elasticsearch;

/// <summary>
/// A field of a hit's <c>_source</c> by its dotted name, whichever way the writer nested it. <c>_source</c> is the JSON
/// as sent: the training workers send both <c>training.step</c> (a number) and <c>training.step.duration_ms</c>, so the
/// second stays a literal dotted key inside <c>training</c> (<c>{"training":{"step":7,"step.duration_ms":120}}</c>), while
/// other documents nest every segment. Each split of the name is tried, the longest literal key first.
/// </summary>
public static class SourceField
{
    public static JsonNode? Get(JsonNode? source, string dotted)
    {
        if (source is not JsonObject o)
        {
            return null;
        }

        if (o.TryGetPropertyValue(dotted, out var whole) && whole is not null)
        {
            return whole;
        }

        for (var dot = dotted.LastIndexOf('.'); dot > 0; dot = dotted.LastIndexOf('.', dot - 1))
        {
            if (o.TryGetPropertyValue(dotted[..dot], out var child) && Get(child, dotted[(dot + 1)..]) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    public static double? Number(JsonNode? source, string dotted) =>
        Get(source, dotted) is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;

    public static string? String(JsonNode? source, string dotted) =>
        Get(source, dotted) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
