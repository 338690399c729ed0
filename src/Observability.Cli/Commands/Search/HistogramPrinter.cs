using System.Globalization;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Commands.Search;

/// <summary>Draws hit counts per interval as horizontal bars scaled to the largest bucket.</summary>
internal static class HistogramPrinter
{
    public static void Print(TextWriter output, IReadOnlyList<HistogramBucket> buckets, TimeSpan interval, int width = 50)
    {
        var max = buckets.Count == 0 ? 0 : buckets.Max(b => b.Count);
        var format = interval >= TimeSpan.FromDays(1) ? "yyyy-MM-dd" : interval >= TimeSpan.FromMinutes(1) ? "yyyy-MM-dd HH:mm" : "yyyy-MM-dd HH:mm:ss";
        var countWidth = max.ToString(CultureInfo.InvariantCulture).Length;
        foreach (var b in buckets)
        {
            var bar = max == 0 ? 0 : (int)Math.Round((double)b.Count / max * width);
            if (bar == 0 && b.Count > 0)
            {
                bar = 1;
            }

            output.WriteLine($"{b.Start.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)}  {b.Count.ToString(CultureInfo.InvariantCulture).PadLeft(countWidth)}  {new string('█', bar)}");
        }
    }

    public static void PrintTop(TextWriter output, TopValues top)
    {
        var max = top.Buckets.Count == 0 ? 0 : top.Buckets.Max(b => b.Count);
        var valueWidth = Math.Min(40, top.Buckets.Count == 0 ? 5 : top.Buckets.Max(b => b.Value.Length));
        output.WriteLine($"top values of {top.Field} ({top.TotalValues.ToString(CultureInfo.InvariantCulture)} values)");
        foreach (var b in top.Buckets)
        {
            var pct = top.TotalValues == 0 ? 0 : 100.0 * b.Count / top.TotalValues;
            var bar = max == 0 ? 0 : (int)Math.Round((double)b.Count / max * 30);
            var value = b.Value.Length > 40 ? b.Value[..39] + "…" : b.Value;
            output.WriteLine($"{value.PadRight(valueWidth)}  {b.Count.ToString(CultureInfo.InvariantCulture),10}  {pct.ToString("0.0", CultureInfo.InvariantCulture),5}%  {new string('█', bar)}");
        }

        if (top.OtherCount > 0)
        {
            output.WriteLine($"{"(other)".PadRight(valueWidth)}  {top.OtherCount.ToString(CultureInfo.InvariantCulture),10}");
        }
    }
}
