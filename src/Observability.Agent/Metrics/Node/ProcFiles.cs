using System.Globalization;

namespace Observability.Agent.Metrics.Node;

/// <summary>Small helpers to read procfs text.</summary>
internal static class ProcFiles
{
    public static string[] Lines(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }

    public static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    public static long Long(string s) => long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static double Double(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;

    public static double Round(double v, int digits = 4) => Math.Round(v, digits, MidpointRounding.AwayFromZero);
}
