using System.Text.RegularExpressions;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// Recognises a timestamp where a header field starts, in the layouts log files use: ISO 8601 (with <c>T</c>
/// or a space, <c>,</c> or <c>.</c> fractions, a zone, Windows' trailing comma), <c>yyyy/MM/dd</c> and
/// <c>yyyy.MM.dd</c>, BGL's <c>yyyy-MM-dd-HH.mm.ss.ffffff</c>, <c>yyyyMMdd-HH:mm:ss:SSS</c>, <c>yy/MM/dd HH:mm:ss</c>,
/// <c>yyMMdd HHmmss</c>, syslog's <c>MMM dd HH:mm:ss</c>, <c>[Www Mmm dd HH:mm:ss yyyy]</c>, logcat's
/// <c>MM-dd HH:mm:ss.SSS</c>, <c>MM.dd HH:mm:ss</c>, the access log's <c>dd/MMM/yyyy:HH:mm:ss +zzzz</c>, epoch
/// seconds or milliseconds and a bare time of day; optionally in brackets. One anchored, source-generated
/// expression, tried only at field starts of the first few fields.
/// </summary>
public static partial class TimestampScanner
{
    /// <summary>The index just past a timestamp that starts at <paramref name="start"/>, or -1.</summary>
    public static int MatchAt(string line, int start)
    {
        if (!MayStart(line, start))
        {
            return -1;
        }

        var m = Stamp().Match(line, start);
        return m.Success ? start + m.Length : -1;
    }

    /// <summary>
    /// A cheap test that rules out most fields before the expression runs: a timestamp starts with a month or
    /// weekday name, or with digits that a date or time separator follows, or with six, eight, ten or thirteen
    /// digits (<c>yyMMdd</c>, <c>yyyyMMdd</c>, epoch seconds or milliseconds); a pid or a count does not.
    /// </summary>
    private static bool MayStart(string line, int start)
    {
        if (start < line.Length && line[start] == '[')
        {
            start++;
        }

        if (start >= line.Length)
        {
            return false;
        }

        var c = line[start];
        if (char.IsAsciiLetterUpper(c))
        {
            return start + 3 <= line.Length && Names.GetAlternateLookup<ReadOnlySpan<char>>().Contains(line.AsSpan(start, 3));
        }

        var i = start;
        while (i < line.Length && char.IsAsciiDigit(line[i]))
        {
            i++;
        }

        var digits = i - start;
        if (digits == 0)
        {
            return false;
        }

        return (i < line.Length && line[i] is '-' or '/' or '.' or ':' && digits <= 4) || digits is 6 or 8 or 10 or 13;
    }

    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };

    [GeneratedRegex(
        """
        \G\[?(?:
          \d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:(?:[T-]|\x20+)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[.,:]\d{1,9})?)?(?:\x20?(?:Z|[+-]\d{2}:?\d{2}))?
         |\d{8}(?:[T-]|\x20+)\d{1,2}:?\d{2}:?\d{2}(?:[.,:]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?
         |\d{2}/\d{2}/\d{2}\x20+\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?
         |\d{6}\x20+\d{6}
         |(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)(?:day|sday|nesday|rsday|urday)?,?\x20+)?(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t|tember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\x20+\d{1,2},?(?:\x20+\d{4})?\x20+\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:\x20+\d{4})?
         |\d{1,2}/(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\d{4}:\d{2}:\d{2}:\d{2}(?:\x20[+-]\d{4})?
         |\d{2}-\d{2}\x20+\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?
         |\d{2}\.\d{2}\x20+\d{2}:\d{2}:\d{2}
         |\d{10}(?:\d{3}|\.\d{1,6})?
         |\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,9})?
        )\]?,?(?=[\s|]|$)
        """,
        RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex Stamp();
}
