using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Api.Query;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// The web console's door: <c>GET /login?token=…</c> (the link obs up prints on its terminal) checks the token, sets it as
/// an HttpOnly, SameSite=Strict cookie and redirects to the console, so the token leaves the address bar at once. Every
/// other path but <c>/api/health</c> needs the token, in that cookie or in the API's header, or is answered 401.
/// </summary>
internal static class ConsoleAuth
{
    public const string CookieName = QueryApiProtocol.ConsoleCookie;
    public const string LoginPath = "/login";

    public static void Map(WebApplication app, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        // Before routing to any endpoint: a page, an asset or an API call never runs without the token.
        app.Use(async (http, next) =>
        {
            var path = http.Request.Path;
            if (path.Equals(LoginPath, StringComparison.Ordinal) || path.Equals(QueryApiProtocol.HealthPath, StringComparison.Ordinal) || QueryApi.TokenMatches(http, expected))
            {
                await next(http);
                return;
            }

            http.Response.StatusCode = StatusCodes.Status401Unauthorized;
            if (path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                await http.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = $"missing or wrong {QueryApiProtocol.TokenHeader} (see obs-up.json)" });
                return;
            }

            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync("401: open the console with the login link obs up printed on its terminal (…/login?token=…).\n");
        });

        app.MapGet(LoginPath, (HttpContext http) =>
        {
            var given = http.Request.Query["token"].ToString();
            // The address carried the token: no Referer may repeat it to whatever the next page loads.
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
            {
                return Results.Text("401: wrong or missing token in the login link\n", "text/plain", statusCode: StatusCodes.Status401Unauthorized);
            }

            http.Response.Cookies.Append(CookieName, token, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            return Results.Redirect(ConsoleAssets.IndexPath);
        });
    }
}
