using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Observability.Query.Kql;

/// <summary>
/// How document values read as strings, numbers and dates for comparison — the same conversions DuckDB's
/// <c>json_extract_string</c> and <c>TRY_CAST</c> make, so the evaluator and the SQL agree.
/// </summary>
public static class KqlValues
{
    /// <summary>The leaf values of a field value: the value itself, or the non-null elements of an array.</summary>
    public static IEnumerable<object> Leaves(object? value)
    {
        switch (value)
        {
            case null:
                yield break;
            case string s:
                yield return s;
                yield break;
            case JsonElement:
                yield break;
            case IEnumerable list:
                foreach (var item in list)
                {
                    if (item is not null and not JsonElement and not IEnumerable { } and not string)
                    {
                        yield return item;
                    }
                    else if (item is string str)
                    {
                        yield return str;
                    }
                }

                yield break;
            default:
                yield return value;
                yield break;
        }
    }

    public static string? AsString(object value) => value switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    public static double? AsNumber(object value) => value switch
    {
        long l => l,
        int i => i,
        double d => d,
        string s => ParseNumber(s),
        _ => null,
    };

    /// <summary>A number as DuckDB's <c>TRY_CAST(… AS DOUBLE)</c> reads decimal text; <c>null</c> if it is not one.</summary>
    public static double? ParseNumber(string s)
    {
        var t = s.Trim();
        if (t.Length == 0 || t.Length > 64)
        {
            return null;
        }

        foreach (var c in t)
        {
            if (!(char.IsAsciiDigit(c) || c is '.' or '-' or '+' or 'e' or 'E'))
            {
                return null;
            }
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
    }

    public static DateTimeOffset? AsDate(object value) => value switch
    {
        DateTimeOffset t => t,
        string s when s.Length is >= 10 and <= 40 && char.IsAsciiDigit(s[0])
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) => t,
        _ => null,
    };

    /// <summary>Compares by Unicode code point, the order of UTF-8 bytes that DuckDB's VARCHAR comparison uses.</summary>
    public static int CompareCodePoints(string a, string b)
    {
        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
            {
                return ha == hb ? 0 : ha ? 1 : -1;
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    internal static Rune[] Runes(string s) => s.EnumerateRunes().ToArray();
}
