using Microsoft.AspNetCore.Builder;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// The web console of obs up, on the query API's loopback listener: the token gate and login (<see cref="ConsoleAuth"/>),
/// the page (<see cref="ConsoleAssets"/>) and its endpoints next to the query, alert and report APIs it also calls.
/// </summary>
internal static class WebConsoleEndpoints
{
    /// <summary>Call before any other endpoint is mapped: the token gate must run first.</summary>
    public static void Map(WebApplication app, UpContext context, IAggregatingSearchStore search, string token)
    {
        ConsoleAuth.Map(app, token);
        ConsoleAssets.Map(app);
        DiscoverApi.Map(app, search, context.Time);
        TrainingRunsApi.Map(app, search, context.DataDirectory);
        DashboardApi.Map(app, search, context.Time);
        ReportsConsoleApi.Map(app, context.Store);
    }

    /// <summary>The link obs up prints on its own terminal (never into a log: it carries the token).</summary>
    public static string LoginUrl(string baseUrl, string token) => $"{baseUrl.TrimEnd('/')}{ConsoleAuth.LoginPath}?token={Uri.EscapeDataString(token)}";
}
