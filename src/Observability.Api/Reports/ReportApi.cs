using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Api.Query;
using Observability.Reports;
using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;

namespace Observability.Api.Reports;

/// <summary>Serves <see cref="ReportApiProtocol.RunPath"/>: the report built in obs up's process, from the same store and source as its scheduled reports.</summary>
public static class ReportApi
{
    public static void Map(WebApplication app, IReportSections sections, DuckDbStore store, TimeProvider time, string token)
    {
        var expected = System.Text.Encoding.UTF8.GetBytes(token);
        app.MapPost(ReportApiProtocol.RunPath, (Func<HttpContext, Task<IResult>>)(async http =>
        {
            if (!QueryApi.TokenMatches(http, expected))
            {
                return Error(StatusCodes.Status401Unauthorized, "missing or wrong token (see obs-up.json)");
            }

            ReportApiProtocol.RunRequest request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<ReportApiProtocol.RunRequest>(http.Request.Body, ReportApiProtocol.Json, http.RequestAborted)
                    ?? throw new JsonException("empty request body");
                request.Options.Validate();
                if (request.Period <= TimeSpan.Zero || string.IsNullOrWhiteSpace(request.Name))
                {
                    throw new ArgumentException("a report needs a name and a positive period");
                }
            }
            catch (Exception e) when (e is JsonException or ArgumentException or Observability.Core.Options.ObsConfigException)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }

            using var runner = new ReportRunner(sections, store, request.Options, time, [], NullLogger<ReportRunner>.Instance);
            var result = await runner.RunAsync(request.Name, ReportPeriod.Ending(request.End, request.Period), http.RequestAborted);
            var a = result.Artifacts;
            return Results.Json(new ReportApiProtocol.RunAnswer(a.Html, a.Markdown, a.Json), ReportApiProtocol.Json);
        }));
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);
}
