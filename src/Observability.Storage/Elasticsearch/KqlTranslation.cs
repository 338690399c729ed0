using System.Text.Json.Nodes;
using Observability.Query.Elasticsearch;
using Observability.Query.Kql;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Storage.Elasticsearch;

/// <summary>
/// KQL to Elasticsearch Query DSL through the Query project's parser and translator, with each field's kind
/// taken from the mappings our templates install (keyword → term, text → match, numbers and dates → range).
/// </summary>
public static class KqlTranslation
{
    private static readonly EsTranslationOptions Options = new()
    {
        Kql = new KqlOptions { FieldKinds = FieldKinds() },
        NotSearchable = FieldCatalog.SourceOnly,
        IntegerFields = IntegerFields(),
    };

    /// <summary>Throws <see cref="KqlSyntaxException"/> for a malformed query.</summary>
    public static JsonObject ToQueryDsl(string kql) => EsQueryTranslator.Translate(KqlParser.Parse(kql), Options);

    /// <summary>As <see cref="ToQueryDsl(string)"/>, with date values in <paramref name="zone"/> (<c>obs search --es --tz</c>).</summary>
    public static Func<string, JsonObject> InTimeZone(TimeZoneInfo zone)
    {
        var options = new EsTranslationOptions { Kql = Options.Kql.WithTimeZone(zone), NotSearchable = Options.NotSearchable, IntegerFields = Options.IntegerFields };
        return kql => EsQueryTranslator.Translate(KqlParser.Parse(kql), options);
    }

    /// <summary>The catalog's whole-number fields (<c>long</c>, …) with their type's range.</summary>
    public static IReadOnlyDictionary<string, EsIntegerRange> IntegerFields()
    {
        var fields = new Dictionary<string, EsIntegerRange>(StringComparer.Ordinal);
        foreach (var f in FieldCatalog.All)
        {
            if (EsIntegerRange.ForType(f.Type) is { } range)
            {
                fields.TryAdd(f.Name, range);
            }
        }

        return fields;
    }

    /// <summary>The Query project's known kinds, completed with every field of <see cref="FieldCatalog"/>.</summary>
    public static IReadOnlyDictionary<string, KqlFieldKind> FieldKinds()
    {
        var kinds = new Dictionary<string, KqlFieldKind>(KqlOptions.DefaultFieldKinds, StringComparer.Ordinal);
        foreach (var f in FieldCatalog.All)
        {
            kinds.TryAdd(f.Name, f.Type switch
            {
                "date" => KqlFieldKind.Date,
                "text" or "match_only_text" or "wildcard" => KqlFieldKind.Text,
                // A term with a value that is no IP or boolean is a parse error (HTTP 400); a lenient match finds
                // nothing instead, as Kibana shows no hits.
                "ip" or "boolean" => KqlFieldKind.Auto,
                _ when f.IsNumeric => KqlFieldKind.Number,
                _ => KqlFieldKind.Keyword,
            });
        }

        return kinds;
    }
}
