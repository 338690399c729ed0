namespace Observability.Reports.Delivery;

/// <summary>Writes <c>.html</c>, <c>.md</c> and <c>.json</c> into a directory, each through a temporary file and a rename so a reader never sees half a report.</summary>
public sealed class DirectoryDelivery(string directory) : IReportDelivery
{
    public string Name => $"directory {Directory}";

    public string Directory { get; } = directory;

    public async Task DeliverAsync(ReportArtifacts artifacts, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        await WriteAsync(artifacts.FileStem + ".html", artifacts.Html, ct).ConfigureAwait(false);
        await WriteAsync(artifacts.FileStem + ".md", artifacts.Markdown, ct).ConfigureAwait(false);
        await WriteAsync(artifacts.FileStem + ".json", artifacts.Json, ct).ConfigureAwait(false);
    }

    /// <summary>The paths <paramref name="artifacts"/> is written to.</summary>
    public IReadOnlyList<string> PathsFor(ReportArtifacts artifacts) =>
        [.. Extensions.Select(e => Path.Combine(Directory, artifacts.FileStem + e))];

    private static readonly string[] Extensions = [".html", ".md", ".json"];

    private async Task WriteAsync(string file, string content, CancellationToken ct)
    {
        var path = Path.Combine(Directory, file);
        var tmp = path + ".tmp";
        await File.WriteAllTextAsync(tmp, content, ct).ConfigureAwait(false);
        File.Move(tmp, path, overwrite: true);
    }
}
