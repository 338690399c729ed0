using System.Globalization;
using Observability.Reports.Model;

namespace Observability.Reports.Rendering;

/// <summary>How figures read in the HTML, Markdown and chat outputs: invariant culture, "no data" for a missing figure.</summary>
public static class Format
{
    public const string NoData = "no data";

    public static string Number(double? value, int decimals = 1) =>
        value is not { } v ? NoData
        : v == Math.Floor(v) && Math.Abs(v) < 1e15 ? v.ToString("N0", CultureInfo.InvariantCulture)
        : v.ToString("N" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Change(Figure f, int decimals = 1) =>
        f.Change is not { } c ? "–" : (c > 0 ? "+" : string.Empty) + Number(c, decimals);

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>One headline: "name: current (prev previous, change)".</summary>
    public static string Headline(string name, Figure f, int decimals = 1) =>
        $"{name}: {Number(f.Current, decimals)} (previous {Number(f.Previous, decimals)}, {Change(f, decimals)})";
}
