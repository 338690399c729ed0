using Spectre.Console;
using Spectre.Console.Rendering;

namespace Observability.Cli.Commands.Tables;

/// <summary>
/// A borderless table (columns two spaces apart) that fits a width instead of wrapping every cell over several lines:
/// when it is too wide, the <see cref="ColumnFit.FreeText"/> columns are shortened first, then the
/// <see cref="ColumnFit.Shrink"/> ones, widest first each time, and a shortened value ends with an ellipsis;
/// <see cref="ColumnFit.Keep"/> columns (ids) are never cut. When that is not enough, the columns with a
/// <see cref="FittedColumn.HideOrder"/> are left out, lowest first. Without a width (output to a file or pipe, or
/// <c>--wide</c>) every column and every value is printed in full.
/// </summary>
public sealed class FittedTable(params FittedColumn[] columns)
{
    /// <summary>The narrowest a shortened column gets (a column whose values are all narrower keeps their width).</summary>
    public const int MinimumWidth = 8;

    public const int Gap = 2;

    private const string Ellipsis = "…";
    private readonly List<FittedCell[]> _rows = [];

    public IReadOnlyList<FittedColumn> Columns { get; } = columns;

    public void AddRow(params FittedCell[] cells)
    {
        if (cells.Length != Columns.Count)
        {
            throw new ArgumentException($"a row of {cells.Length} cells in a table of {Columns.Count} columns");
        }

        // One line per row: a line break inside a value (a multi-line reason) would break the columns.
        _rows.Add([.. cells.Select(c => c with { Text = c.Text.ReplaceLineEndings(" ") })]);
    }

    /// <summary>The width to fit on this console: none when <paramref name="wide"/> or when stdout is not a terminal.</summary>
    public static int? TerminalWidth(bool wide) => wide || Console.IsOutputRedirected ? null : AnsiConsole.Profile.Width;

    /// <summary>The columns shown and the width of each, so that the table is at most <paramref name="width"/> characters when it can be.</summary>
    public Layout Fit(int? width)
    {
        var natural = Columns.Select((c, i) => _rows.Select(r => r[i].Text.Length).Append(c.Header.Length).Max()).ToArray();
        var shown = Enumerable.Range(0, Columns.Count).ToList();
        if (width is not { } limit)
        {
            return new Layout(shown, [.. natural]);
        }

        var hideable = shown.Where(i => Columns[i].HideOrder is not null).OrderBy(i => Columns[i].HideOrder).ToList();
        while (true)
        {
            var widths = Shorten(shown, natural, limit);
            if (Total(widths) <= limit || hideable.Count == 0)
            {
                return new Layout(shown, widths);
            }

            shown.Remove(hideable[0]);
            hideable.RemoveAt(0);
        }
    }

    /// <summary>Writes the table fitted to <paramref name="width"/>; the console is widened if needed so it never wraps what was fitted.</summary>
    /// <returns>The headers of the columns left out to fit.</returns>
    public IReadOnlyList<string> Write(IAnsiConsole console, int? width)
    {
        var layout = Fit(width);
        var table = new Table().Border(TableBorder.None).HideHeaders();
        for (var k = 0; k < layout.Shown.Count; k++)
        {
            var last = k == layout.Shown.Count - 1;
            table.AddColumn(new TableColumn(string.Empty).Width(layout.Widths[k]).NoWrap().Padding(0, 0, last ? 0 : Gap, 0));
        }

        table.AddRow(layout.Shown.Select((c, k) => Cell(new FittedCell(Columns[c].Header, "bold"), layout.Widths[k])));
        foreach (var row in _rows)
        {
            table.AddRow(layout.Shown.Select((c, k) => Cell(row[c], layout.Widths[k])));
        }

        var needed = Total(layout.Widths);
        if (console.Profile.Width < needed)
        {
            console.Profile.Width = needed;
        }

        console.Write(table);
        return [.. Enumerable.Range(0, Columns.Count).Except(layout.Shown).Select(i => Columns[i].Header)];
    }

    public static string Cut(string text, int width) =>
        text.Length <= width ? text : string.Concat(text.AsSpan(0, Math.Max(0, width - Ellipsis.Length)), Ellipsis);

    private static IRenderable Cell(FittedCell cell, int width) =>
        cell.Style is null ? new Markup(Markup.Escape(Cut(cell.Text, width))) : new Markup(Markup.Escape(Cut(cell.Text, width)), Style.Parse(cell.Style));

    private static int Total(IReadOnlyList<int> widths) => widths.Sum() + (Gap * Math.Max(0, widths.Count - 1));

    /// <summary>Free text first, then the other shrinkable columns: the widest of the kind gives one character at a time.</summary>
    private int[] Shorten(List<int> shown, int[] natural, int limit)
    {
        var widths = shown.Select(i => natural[i]).ToArray();
        foreach (var fit in new[] { ColumnFit.FreeText, ColumnFit.Shrink })
        {
            for (var excess = Total(widths) - limit; excess > 0; excess--)
            {
                var widest = -1;
                for (var k = 0; k < widths.Length; k++)
                {
                    if (Columns[shown[k]].Fit == fit && widths[k] > MinimumWidth && (widest < 0 || widths[k] > widths[widest]))
                    {
                        widest = k;
                    }
                }

                if (widest < 0)
                {
                    break;
                }

                widths[widest]--;
            }
        }

        return widths;
    }

    /// <summary>The indexes of the columns shown, in order, and their widths.</summary>
    public sealed record Layout(IReadOnlyList<int> Shown, IReadOnlyList<int> Widths);
}
