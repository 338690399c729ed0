using System.Globalization;
using System.Text;

namespace Observability.Cli.Tests.Up;

/// <summary>Appends numbered lines round-robin to several files at full speed, remembering every line written.</summary>
internal sealed class LogFileWriter
{
    private readonly string[] _paths;
    private int _next;

    public LogFileWriter(string directory, int files)
    {
        Directory.CreateDirectory(directory);
        _paths = [.. Enumerable.Range(0, files).Select(i => Path.Combine(directory, $"worker-{i}.log"))];
    }

    public const string Marker = "e2emarker";

    public HashSet<string> Written { get; } = new(StringComparer.Ordinal);

    public void Append(int lines)
    {
        var perFile = _paths.Select(_ => new StringBuilder()).ToArray();
        for (var i = 0; i < lines; i++)
        {
            var n = _next++;
            var line = string.Create(CultureInfo.InvariantCulture, $"2026-11-26T10:00:00Z INFO [node-{n % 4}] {Marker} seq={n} step={n * 7} loss=0.{n % 9973:D4}");
            Written.Add(line);
            perFile[n % _paths.Length].Append(line).Append('\n');
        }

        for (var f = 0; f < _paths.Length; f++)
        {
            File.AppendAllText(_paths[f], perFile[f].ToString());
        }
    }
}
