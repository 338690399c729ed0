namespace Observability.Pipelines.Patterns;

/// <summary>
/// Where the header of one file's lines ends, learned from a sample with no configuration. A header ends at a
/// field that separates it from the message — a level, a <c>tag:</c>, a bracket group, a separator or a
/// timestamp — and what identifies that field is its kind and its ordinal among fields of that kind (the
/// first tag, the third bar). The learned end is the latest such field found in nearly every sampled line at
/// one position in most lines and within two fields of it in nearly all (a program name may have two words),
/// with a timestamp or level before it (so a file of bare messages learns no
/// header); numbers right after it in most lines (a kernel's <c>[uptime]</c>) belong to the header too.
/// A line that does not fit (a stack-trace line, a line with no header) loses only a leading timestamp
/// and the level, numbers and separators right after it.
/// </summary>
public sealed class HeaderLayout
{
    /// <summary>Share of sampled lines that must show the end field near its usual place.</summary>
    public const double Agreement = 0.9;

    /// <summary>Share of sampled lines that must show the end field exactly at its usual place.</summary>
    public const double Exact = 0.6;

    private const int Slack = 2;

    private HeaderLayout(HeaderFieldKind kind, int ordinal, int position, int trailingNumbers)
    {
        EndKind = kind;
        EndOrdinal = ordinal;
        EndPosition = position;
        TrailingNumbers = trailingNumbers;
    }

    /// <summary>No learned header: every line gets the per-line rule.</summary>
    public static HeaderLayout None { get; } = new(HeaderFieldKind.Word, 0, -1, 0);

    public HeaderFieldKind EndKind { get; }

    /// <summary>1 for the first field of <see cref="EndKind"/>, 2 for the second…; 0 when nothing was learned.</summary>
    public int EndOrdinal { get; }

    /// <summary>The usual field index of the end field.</summary>
    public int EndPosition { get; }

    public int TrailingNumbers { get; }

    public bool Learned => EndOrdinal > 0;

    public override string ToString() =>
        Learned ? $"header ends at {Ordinal(EndOrdinal)} {EndKind} (field {EndPosition + 1}){(TrailingNumbers > 0 ? $" + {TrailingNumbers} number field(s)" : string.Empty)}" : "no header learned";

    /// <summary>Learns the layout from sampled lines (a few hundred are plenty); <see cref="None"/> when no header is shared.</summary>
    public static HeaderLayout Learn(IReadOnlyList<string> sample)
    {
        if (sample.Count == 0)
        {
            return None;
        }

        // (kind, ordinal) → histogram of field positions, counting only occurrences preceded by a timestamp or level.
        var positions = new Dictionary<(HeaderFieldKind, int), int[]>();
        var fields = new HeaderField[HeaderScanner.MaxFields];
        var scanned = new List<HeaderField[]>(sample.Count);
        Span<int> ordinals = stackalloc int[8];
        foreach (var line in sample)
        {
            var n = HeaderScanner.Scan(line, fields);
            scanned.Add(fields[..n]);
            ordinals.Clear();
            var anchored = false;
            for (var i = 0; i < n; i++)
            {
                var kind = fields[i].Kind;
                var ordinal = ++ordinals[(int)kind];
                anchored |= kind is HeaderFieldKind.Timestamp or HeaderFieldKind.Level;
                if (anchored && IsBoundary(kind))
                {
                    if (!positions.TryGetValue((kind, ordinal), out var histogram))
                    {
                        positions[(kind, ordinal)] = histogram = new int[HeaderScanner.MaxFields];
                    }

                    histogram[i]++;
                }
            }
        }

        var best = None;
        foreach (var ((kind, ordinal), histogram) in positions)
        {
            var mode = Array.IndexOf(histogram, histogram.Max());
            var near = 0;
            for (var p = mode; p <= Math.Min(mode + Slack, histogram.Length - 1); p++)
            {
                near += histogram[p];
            }

            if (near >= Agreement * sample.Count && histogram[mode] >= Exact * sample.Count && mode > best.EndPosition)
            {
                best = new HeaderLayout(kind, ordinal, mode, 0);
            }
        }

        if (!best.Learned)
        {
            return None;
        }

        // Number fields right after the end in most lines are part of the header (uptime, sequence number).
        var trailing = 0;
        while (trailing < 2)
        {
            var numbers = 0;
            foreach (var f in scanned)
            {
                var end = best.EndIndex(f);
                if (end >= 0 && end + 1 + trailing < f.Length && f[end + 1 + trailing].Kind == HeaderFieldKind.Number)
                {
                    numbers++;
                }
            }

            if (numbers < 0.8 * sample.Count)
            {
                break;
            }

            trailing++;
        }

        return new HeaderLayout(best.EndKind, best.EndOrdinal, best.EndPosition, trailing);
    }

    /// <summary>The character index where the message of <paramref name="line"/> starts (0 when it has no header).</summary>
    public int MessageStart(string line)
    {
        Span<HeaderField> fields = stackalloc HeaderField[HeaderScanner.MaxFields];
        var n = HeaderScanner.Scan(line, fields, Learned ? Math.Min(HeaderScanner.MaxFields, EndPosition + Slack + 1 + TrailingNumbers) : 6);
        fields = fields[..n];
        var end = Learned ? EndIndex(fields) : -1;
        if (end >= 0)
        {
            for (var t = 0; t < TrailingNumbers && end + 1 < fields.Length && fields[end + 1].Kind == HeaderFieldKind.Number; t++)
            {
                end++;
            }
        }
        else
        {
            end = PerLineEnd(fields);
        }

        return end < 0 ? 0 : Skip(line, fields[end].End);
    }

    /// <summary>The message of <paramref name="line"/>: what follows its header.</summary>
    public string Message(string line)
    {
        var start = MessageStart(line);
        return start == 0 ? line : line[start..];
    }

    private int EndIndex(ReadOnlySpan<HeaderField> fields)
    {
        var seen = 0;
        var anchored = false;
        var limit = Math.Min(fields.Length, EndPosition + Slack + 1);
        for (var i = 0; i < limit; i++)
        {
            anchored |= fields[i].Kind is HeaderFieldKind.Timestamp or HeaderFieldKind.Level;
            if (fields[i].Kind == EndKind && ++seen == EndOrdinal)
            {
                // As in learning: the end counts only after a timestamp or level ("Caused by: …" has neither).
                return anchored ? i : -1;
            }
        }

        return -1;
    }

    /// <summary>A leading timestamp and the levels, numbers and separators right after it; -1 when the line has no timestamp first.</summary>
    private static int PerLineEnd(ReadOnlySpan<HeaderField> fields)
    {
        if (fields.Length == 0 || fields[0].Kind != HeaderFieldKind.Timestamp)
        {
            return -1;
        }

        var end = 0;
        while (end + 1 < fields.Length && fields[end + 1].Kind is HeaderFieldKind.Level or HeaderFieldKind.Number or HeaderFieldKind.Separator or HeaderFieldKind.Timestamp)
        {
            end++;
        }

        return end;
    }

    private static int Skip(string line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static bool IsBoundary(HeaderFieldKind kind) => kind != HeaderFieldKind.Word && kind != HeaderFieldKind.Number;

    private static string Ordinal(int n) => n switch { 1 => "1st", 2 => "2nd", 3 => "3rd", _ => $"{n}th" };
}
