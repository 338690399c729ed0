using System.Globalization;
using System.Text.RegularExpressions;

namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// The written forms of retention settings: an age such as <c>7d</c>, <c>36h</c>, <c>90m</c> or <c>2w</c> (Loki's
/// <c>retention_period</c> style) and a size such as <c>500MB</c>, <c>10GB</c> or <c>1.5TiB</c>; and sizes as the status
/// line and the retention log print them.
/// </summary>
public static partial class RetentionValue
{
    public static bool TryParseAge(string? text, out TimeSpan age)
    {
        age = default;
        var m = AgePattern().Match(text ?? string.Empty);
        if (!m.Success)
        {
            return false;
        }

        var n = long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        age = char.ToLowerInvariant(m.Groups[2].Value[0]) switch
        {
            's' => TimeSpan.FromSeconds(n),
            'm' => TimeSpan.FromMinutes(n),
            'h' => TimeSpan.FromHours(n),
            'd' => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
        return true;
    }

    /// <summary>Decimal units (KB = 1000 bytes) as disks are sold, binary ones with <c>i</c> (KiB = 1024 bytes).</summary>
    public static bool TryParseSize(string? text, out long bytes)
    {
        bytes = 0;
        var m = SizePattern().Match(text ?? string.Empty);
        if (!m.Success)
        {
            return false;
        }

        var unit = m.Groups[3].Value.Length > 0 ? 1024.0 : 1000.0;
        var power = "BKMGT".IndexOf(char.ToUpperInvariant(m.Groups[2].Value.Length == 0 ? 'B' : m.Groups[2].Value[0]));
        var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * Math.Pow(unit, power);
        if (value < 1 || value > long.MaxValue / 2)
        {
            return false;
        }

        bytes = (long)value;
        return true;
    }

    /// <summary><c>812 KB</c>, <c>13.4 MB</c>, <c>1.2 GB</c> (decimal units, as <see cref="TryParseSize"/> reads them).</summary>
    public static string FormatSize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB"];
        double v = bytes;
        var i = 0;
        while (v >= 1000 && i < units.Length - 1)
        {
            v /= 1000;
            i++;
        }

        return i == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{v:0.0} {units[i]}");
    }

    [GeneratedRegex("^\\s*([0-9]{1,9})\\s*([smhdw])\\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();

    [GeneratedRegex("^\\s*([0-9]+(?:\\.[0-9]+)?)\\s*([KMGT]?)(i?)B?\\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex SizePattern();
}
