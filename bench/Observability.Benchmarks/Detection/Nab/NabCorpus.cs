using System.Globalization;
using System.Text.Json;

namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// Reads a NAB folder: <c>data/&lt;category&gt;/&lt;file&gt;.csv</c> (<c>timestamp,value</c>) and
/// <c>labels/combined_windows.json</c>. Only files present under <c>data/</c> are loaded.
/// </summary>
public static class NabCorpus
{
    public const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    public static IReadOnlyList<NabFile> Load(string root)
    {
        var dataDir = Path.Combine(root, "data");
        var labelsPath = Path.Combine(root, "labels", "combined_windows.json");
        if (!Directory.Exists(dataDir))
        {
            throw new DirectoryNotFoundException($"NAB folder {root} has no data/ directory");
        }

        if (!File.Exists(labelsPath))
        {
            throw new FileNotFoundException($"NAB folder {root} has no labels/combined_windows.json", labelsPath);
        }

        using var labels = JsonDocument.Parse(File.ReadAllBytes(labelsPath));
        var files = new List<NabFile>();
        foreach (var path in Directory.EnumerateFiles(dataDir, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(dataDir, path).Replace('\\', '/');
            var windows = new List<(DateTime, DateTime)>();
            if (labels.RootElement.TryGetProperty(name, out var list))
            {
                foreach (var w in list.EnumerateArray())
                {
                    windows.Add((ParseTimestamp(w[0].GetString()!), ParseTimestamp(w[1].GetString()!)));
                }
            }

            var (timestamps, values) = ReadCsv(path);
            files.Add(new NabFile(name, timestamps, values, windows));
        }

        return files;
    }

    public static (List<DateTime> Timestamps, List<double> Values) ReadCsv(string path)
    {
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith("timestamp", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{path}: expected a 'timestamp,value' header");
        }

        var line = 1;
        while (reader.ReadLine() is { } row)
        {
            line++;
            if (row.Length == 0)
            {
                continue;
            }

            var comma = row.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !double.TryParse(row.AsSpan(comma + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            {
                throw new InvalidDataException($"{path}:{line}: expected 'timestamp,value', got '{row}'");
            }

            timestamps.Add(ParseTimestamp(row[..comma]));
            values.Add(v);
        }

        return (timestamps, values);
    }

    public static DateTime ParseTimestamp(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
