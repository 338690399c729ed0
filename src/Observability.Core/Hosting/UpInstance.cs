using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Observability.Core.Hosting;

/// <summary>
/// What a running <c>obs up</c> writes to <c>&lt;data&gt;/obs-up.json</c>: where its loopback query API listens and
/// the token it requires. <c>obs search</c> uses it to query through the process that owns the store.
/// </summary>
public sealed record UpInstance(
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("pid")] int ProcessId,
    [property: JsonPropertyName("started")] DateTimeOffset Started)
{
    public const string FileName = "obs-up.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public void WriteTo(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        var tmp = path + ".tmp";
        // The token guards the API against other local users: the file is readable by its owner only.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(tmp, options))
        {
            JsonSerializer.Serialize(stream, this, UpInstanceJson.Default.UpInstance);
        }

        File.Move(tmp, path, overwrite: true);
    }

    /// <summary>The instance recorded in <paramref name="dataDirectory"/> if its process is still alive; null otherwise.</summary>
    public static UpInstance? TryRead(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        UpInstance? instance;
        try
        {
            instance = JsonSerializer.Deserialize(File.ReadAllBytes(path), UpInstanceJson.Default.UpInstance);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return instance is not null && IsAlive(instance.ProcessId) ? instance : null;
    }

    /// <summary>Removes the file if it still describes this instance (a newer <c>obs up</c> may have replaced it).</summary>
    public void DeleteFrom(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        try
        {
            var current = File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), UpInstanceJson.Default.UpInstance) : null;
            if (current is not null && current.Token == Token)
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // Best effort: a stale file is recognised by its dead process id.
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var p = Process.GetProcessById(pid);
            return !p.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

[JsonSerializable(typeof(UpInstance))]
internal sealed partial class UpInstanceJson : JsonSerializerContext;
