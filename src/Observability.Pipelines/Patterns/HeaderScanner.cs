namespace Observability.Pipelines.Patterns;

/// <summary>
/// Cuts the start of a line into classified fields: a timestamp (possibly several words), a bracket group
/// (possibly several words, brackets nested), or one word; fields are separated by spaces, tabs and bars
/// (a bar is itself a <see cref="HeaderFieldKind.Separator"/> field, as in <c>time|component|pid|message</c>).
/// Hand-written because it runs on every event without a pipeline.
/// </summary>
public static class HeaderScanner
{
    /// <summary>Fields looked at; no header seen in practice is longer (BGL's has nine).</summary>
    public const int MaxFields = 14;

    /// <summary>Characters looked at for one bracket group.</summary>
    private const int MaxBracket = 200;

    private static readonly HashSet<string> Levels = new(StringComparer.OrdinalIgnoreCase)
    {
        "TRACE", "DEBUG", "DBG", "INFO", "INFORMATION", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "SEVERE", "CRITICAL", "CRIT",
        "FATAL", "ALERT", "EMERG", "EMERGENCY", "FINE", "FINER", "FINEST", "VERBOSE", "PANIC",
    };

    /// <summary>Scans up to <paramref name="maxFields"/> fields into <paramref name="fields"/>; returns how many.</summary>
    public static int Scan(string line, Span<HeaderField> fields, int maxFields = MaxFields)
    {
        var n = 0;
        var i = 0;
        var max = Math.Min(maxFields, fields.Length);
        while (n < max)
        {
            while (i < line.Length && line[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= line.Length)
            {
                break;
            }

            if (line[i] == '|')
            {
                fields[n++] = new HeaderField(HeaderFieldKind.Separator, i, i + 1);
                i++;
                continue;
            }

            var stamp = TimestampScanner.MatchAt(line, i);
            if (stamp > 0)
            {
                fields[n++] = new HeaderField(HeaderFieldKind.Timestamp, i, stamp);
                i = stamp;
                continue;
            }

            var end = line[i] == '[' ? BracketEnd(line, i) : -1;
            if (end < 0)
            {
                end = i;
                while (end < line.Length && line[end] is not (' ' or '\t' or '|'))
                {
                    end++;
                }
            }

            fields[n++] = new HeaderField(Classify(line.AsSpan(i, end - i)), i, end);
            i = end;
        }

        return n;
    }

    internal static HeaderFieldKind Classify(ReadOnlySpan<char> token)
    {
        var core = token.Trim("[]<>():,;");
        if (core.Length == 1 && core[0] is 'V' or 'D' or 'I' or 'W' or 'E' or 'F' or 'A' && token.Length == 1)
        {
            return HeaderFieldKind.Level;
        }

        if (core.Length >= 3 && Levels.GetAlternateLookup<ReadOnlySpan<char>>().Contains(core))
        {
            return HeaderFieldKind.Level;
        }

        var letters = false;
        var digits = false;
        foreach (var c in token)
        {
            letters |= char.IsLetter(c);
            digits |= char.IsAsciiDigit(c);
        }

        if (!letters)
        {
            return digits ? HeaderFieldKind.Number : HeaderFieldKind.Separator;
        }

        if (token[0] == '[')
        {
            return HeaderFieldKind.Bracket;
        }

        if (token.Length > 1 && token[^1] == ':' && token[^2] != ':')
        {
            return HeaderFieldKind.Tag;
        }

        return digits ? HeaderFieldKind.Number : HeaderFieldKind.Word;
    }

    /// <summary>The end of a bracket group that starts at <paramref name="start"/> (through the word its closing bracket ends), or -1.</summary>
    private static int BracketEnd(string line, int start)
    {
        var depth = 0;
        var limit = Math.Min(line.Length, start + MaxBracket);
        for (var i = start; i < limit; i++)
        {
            if (line[i] == '[')
            {
                depth++;
            }
            else if (line[i] == ']' && --depth == 0)
            {
                var end = i + 1;
                while (end < line.Length && line[end] is not (' ' or '\t' or '|'))
                {
                    end++;
                }

                return end;
            }
        }

        return -1;
    }
}
