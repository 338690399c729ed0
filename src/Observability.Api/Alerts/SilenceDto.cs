using Observability.Detection.Alerting;

namespace Observability.Api.Alerts;

/// <summary>A <see cref="Silence"/> on the wire; matchers in their text form (<c>host="node1"</c>).</summary>
public sealed record SilenceDto(string Id, List<string> Matchers, string? Query, DateTimeOffset StartsAt, DateTimeOffset EndsAt, string CreatedBy, string Comment)
{
    public static SilenceDto From(Silence s) => new(s.Id, [.. s.Matchers.Select(m => m.ToString())], s.Query, s.StartsAt, s.EndsAt, s.CreatedBy, s.Comment);

    public Silence ToSilence() => new()
    {
        Id = Id,
        Matchers = [.. Matchers.Select(LabelMatcher.Parse)],
        Query = Query,
        StartsAt = StartsAt,
        EndsAt = EndsAt,
        CreatedBy = CreatedBy,
        Comment = Comment,
    };
}
