using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// The console's page, script and style sheet, embedded in obs.dll from <c>Up/WebConsole/wwwroot</c> (no CDN, nothing
/// fetched at run time). The content security policy allows only this origin's scripts and API.
/// </summary>
internal static class ConsoleAssets
{
    public const string IndexPath = "/console/";

    private const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'self'";

    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    public static void Map(WebApplication app)
    {
        app.MapGet("/", () => Results.Redirect(IndexPath));
        app.MapGet(IndexPath, (HttpContext http) => Serve(http, "index.html"));
        app.MapGet(IndexPath + "{name}", (HttpContext http, string name) => Serve(http, name));
    }

    /// <summary>The embedded asset's bytes, or null (the names are fixed at build time; nothing is read from disk).</summary>
    public static byte[]? Read(string name)
    {
        using var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream("console/" + name);
        if (stream is null)
        {
            return null;
        }

        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (!Types.TryGetValue(Path.GetExtension(name), out var type) || Read(name) is not { } bytes)
        {
            return Results.NotFound();
        }

        http.Response.Headers["Content-Security-Policy"] = Policy;
        http.Response.Headers["X-Content-Type-Options"] = "nosniff";
        http.Response.Headers["Cache-Control"] = "no-store";
        return Results.Bytes(bytes, type);
    }
}
