using Observability.Core.Options;
using Observability.Query.Time;

namespace Observability.Query.Kql;

/// <summary>
/// What the query language needs to know beyond the query: the default fields for free text, each field's
/// kind (the mapping), and the clock for date math. Shared by the evaluator and both translators so they
/// agree on meaning.
/// </summary>
public sealed class KqlOptions
{
    /// <summary>Fields searched by free text (no <c>field:</c>); Kibana's <c>index.query.default_field</c>.</summary>
    public IReadOnlyList<string> DefaultFields { get; init; } = ["message"];

    /// <summary>Field → kind. Fields not listed are <see cref="KqlFieldKind.Auto"/>.</summary>
    public IReadOnlyDictionary<string, KqlFieldKind> FieldKinds { get; init; } = DefaultFieldKinds;

    /// <summary>Clock for <c>now</c> in date values.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// Zone of date values written without an offset, and of rounding (<c>now/d</c>), as Kibana's <c>dateFormat:tz</c>
    /// (sent to Elasticsearch as <c>time_zone</c>). <c>now</c> itself and epoch milliseconds are not shifted.
    /// </summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>A date value of the query as the span it names (see <see cref="DateBounds"/>); throws <see cref="FormatException"/>.</summary>
    public DateBounds ResolveDate(string text) => DateBounds.Resolve(text, Time, TimeZone);

    public bool TryResolveDate(string text, out DateBounds bounds) => DateBounds.TryResolve(text, Time, TimeZone, out bounds, out _);

    /// <summary>These options with another <see cref="TimeZone"/> (per request: <c>obs search --tz</c>).</summary>
    public KqlOptions WithTimeZone(TimeZoneInfo zone) => new() { DefaultFields = DefaultFields, FieldKinds = FieldKinds, Time = Time, TimeZone = zone };

    public KqlFieldKind KindOf(string field) => FieldKinds.TryGetValue(field, out var kind) ? kind : KqlFieldKind.Auto;

    /// <summary>Set in code only (not in obs.yml): errors name the property (<c>KqlOptions.DefaultFields</c>).</summary>
    public void Validate()
    {
        OptionsCheck.NotEmpty("KqlOptions.DefaultFields", DefaultFields);
        foreach (var f in DefaultFields)
        {
            OptionsCheck.That(KqlFieldNames.IsValid(f), "KqlOptions.DefaultFields", $"'{f}' is not a valid field name");
        }

        OptionsCheck.That(FieldKinds is not null, "KqlOptions.FieldKinds", "must not be null");
        OptionsCheck.That(Time is not null, "KqlOptions.Time", "must not be null");
        OptionsCheck.That(TimeZone is not null, "KqlOptions.TimeZone", "must not be null");
    }

    /// <summary>The ECS fields whose type we know, with the ES mapping our index templates give them.</summary>
    public static IReadOnlyDictionary<string, KqlFieldKind> DefaultFieldKinds { get; } = new Dictionary<string, KqlFieldKind>(StringComparer.Ordinal)
    {
        ["message"] = KqlFieldKind.Text,
        ["error.message"] = KqlFieldKind.Text,
        ["error.stack_trace"] = KqlFieldKind.Text,
        ["@timestamp"] = KqlFieldKind.Date,
        ["event.created"] = KqlFieldKind.Date,
        ["event.ingested"] = KqlFieldKind.Date,
        ["event.start"] = KqlFieldKind.Date,
        ["event.end"] = KqlFieldKind.Date,
        ["event.duration"] = KqlFieldKind.Number,
        ["log.offset"] = KqlFieldKind.Number,
        ["host.name"] = KqlFieldKind.Keyword,
        ["host.hostname"] = KqlFieldKind.Keyword,
        ["service.name"] = KqlFieldKind.Keyword,
        ["log.level"] = KqlFieldKind.Keyword,
        ["log.logger"] = KqlFieldKind.Keyword,
        ["log.file.path"] = KqlFieldKind.Keyword,
        ["trace.id"] = KqlFieldKind.Keyword,
        ["span.id"] = KqlFieldKind.Keyword,
        ["span.name"] = KqlFieldKind.Keyword,
        ["parent.id"] = KqlFieldKind.Keyword,
        ["event.id"] = KqlFieldKind.Keyword,
        ["event.dataset"] = KqlFieldKind.Keyword,
        ["event.kind"] = KqlFieldKind.Keyword,
        ["event.module"] = KqlFieldKind.Keyword,
        ["data_stream.type"] = KqlFieldKind.Keyword,
        ["data_stream.dataset"] = KqlFieldKind.Keyword,
        ["data_stream.namespace"] = KqlFieldKind.Keyword,
        ["gpu.uuid"] = KqlFieldKind.Keyword,
        ["training.job.id"] = KqlFieldKind.Keyword,
        ["agent.type"] = KqlFieldKind.Keyword,
        ["agent.name"] = KqlFieldKind.Keyword,
        ["tags"] = KqlFieldKind.Keyword,
    };

    /// <summary>Defaults (declared after <see cref="DefaultFieldKinds"/>: static initialisers run in order).</summary>
    public static KqlOptions Default { get; } = new();
}
