using Observability.Core.Documents;
using Observability.Core.Json;

namespace Observability.Storage.DuckDb;

/// <summary>One document converted to a row of its table: id, promoted column values in schema order, ECS JSON.</summary>
internal sealed class StagedRow
{
    private StagedRow(string id, object?[] values, string json)
    {
        Id = id;
        Values = values;
        Json = json;
    }

    public string Id { get; }

    public object?[] Values { get; }

    public string Json { get; }

    /// <summary>Null with a reason when the document cannot be stored in <paramref name="table"/> (a permanent reject).</summary>
    public static StagedRow? TryCreate(EcsDocument doc, string table, TimeProvider time, out string? reason)
    {
        reason = null;
        var id = doc.Id;
        if (string.IsNullOrEmpty(id))
        {
            reason = "document has no event.id";
            return null;
        }

        var columns = DuckDbSchema.PromotedColumns[table].Values.ToArray();
        var values = new object?[columns.Length];
        var i = 0;
        foreach (var c in columns)
        {
            var raw = doc[c.Field];
            switch (c.SqlType)
            {
                case "TIMESTAMPTZ" when c.Field != EcsFields.Timestamp:
                    // Other dates (event.ingested) stay empty when absent; a value that is no date is refused, as
                    // Elasticsearch's date mapping refuses it.
                    if (raw is null)
                    {
                        values[i] = null;
                    }
                    else if (AsDate(raw) is { } date)
                    {
                        values[i] = date;
                    }
                    else
                    {
                        reason = $"{c.Field} is not a date: '{Truncate(raw)}'";
                        return null;
                    }

                    break;
                case "TIMESTAMPTZ":
                    if (raw is null)
                    {
                        // ECS requires @timestamp; a document without one is stamped with its ingest time.
                        var now = time.GetUtcNow();
                        doc.Timestamp = now;
                        values[i] = now;
                    }
                    else if (doc.Timestamp is { } ts)
                    {
                        values[i] = ts;
                    }
                    else
                    {
                        reason = $"{c.Field} is not a date: '{Truncate(raw)}'";
                        return null;
                    }

                    break;
                case "BIGINT":
                    if (raw is null)
                    {
                        values[i] = null;
                    }
                    else if (raw is long l)
                    {
                        values[i] = l;
                    }
                    else if (raw is double d && double.IsFinite(d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18)
                    {
                        values[i] = (long)d;
                    }
                    else if (raw is string s && long.TryParse(s, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
                    {
                        values[i] = parsed;
                    }
                    else
                    {
                        reason = $"{c.Field} is not an integer: '{Truncate(raw)}'";
                        return null;
                    }

                    break;
                default:
                    values[i] = raw is null ? null : doc.GetString(c.Field);
                    break;
            }

            i++;
        }

        return new StagedRow(id, values, EcsJson.ToJson(doc));
    }

    private static DateTimeOffset? AsDate(object raw) => raw switch
    {
        DateTimeOffset t => t,
        string s when DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) => t,
        _ => null,
    };

    private static string Truncate(object value)
    {
        var s = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
        return s.Length <= 64 ? s : s[..64] + "…";
    }
}
