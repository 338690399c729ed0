using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Reports.Delivery;
using Observability.Storage.DuckDb;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// The health reports obs up stored in <c>obs_reports</c> (scheduled runs and <c>obs report run</c>):
/// <c>GET /api/console/reports</c> lists them, <c>GET /api/console/reports/{id}</c> answers one's HTML, sandboxed
/// (no script runs in it, it loads nothing from outside).
/// </summary>
internal static class ReportsConsoleApi
{
    public const string ReportsPath = "/api/console/reports";

    private const string SandboxPolicy = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'self'";

    public static void Map(WebApplication app, DuckDbStore store)
    {
        var reports = new ReportStore(store);
        app.MapGet(ReportsPath, () => Results.Json(reports.List().Select(r => new
        {
            id = r.Id,
            name = r.Name,
            periodStart = r.PeriodStart,
            periodEnd = r.PeriodEnd,
            generatedAt = r.GeneratedAt,
        }).ToList()));
        app.MapGet(ReportsPath + "/{id}", (HttpContext http, string id) =>
        {
            if (reports.Html(id) is not { } html)
            {
                return ConsoleResults.Error(StatusCodes.Status404NotFound, $"no report {id}");
            }

            http.Response.Headers["Content-Security-Policy"] = SandboxPolicy;
            http.Response.Headers["X-Content-Type-Options"] = "nosniff";
            return Results.Text(html, "text/html; charset=utf-8");
        });
    }
}
