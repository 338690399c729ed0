using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;
using Observability.Storage.Api;

namespace Observability.Cli.Up;

/// <summary>
/// The loopback query API of <c>obs up</c>: <c>POST /api/search</c> runs a <see cref="SearchRequest"/> on the
/// store this process owns (so <c>obs search</c> works while <c>obs up</c> holds the DuckDB file), guarded by the
/// token written to <c>obs-up.json</c>; <c>GET /api/health</c> says it is up.
/// </summary>
internal static class QueryApi
{
    public static void Map(WebApplication app, ISearchStore search, string token, ILogger logger)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        app.MapGet(QueryApiProtocol.HealthPath, () => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }));
        app.MapPost(QueryApiProtocol.SearchPath, async (HttpContext http) =>
        {
            var given = http.Request.Headers[QueryApiProtocol.TokenHeader].ToString();
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), expected))
            {
                return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {QueryApiProtocol.TokenHeader} (see obs-up.json)");
            }

            if (http.Request.ContentLength is > QueryApiProtocol.MaxRequestBytes)
            {
                return Error(StatusCodes.Status413PayloadTooLarge, $"request larger than {QueryApiProtocol.MaxRequestBytes} bytes");
            }

            SearchRequest request;
            try
            {
                using var body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
                request = QueryApiProtocol.ReadRequest(body.RootElement);
            }
            catch (JsonException e)
            {
                return Error(StatusCodes.Status400BadRequest, $"bad request: {e.Message}");
            }

            try
            {
                var result = await search.SearchAsync(request, http.RequestAborted);
                return new SearchResultHttp(result);
            }
            catch (Exception e) when (e is KqlSyntaxException or ArgumentException or FormatException)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Search {Query} failed", request.Query);
                return Error(StatusCodes.Status500InternalServerError, e.Message);
            }
        });
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);

    /// <summary>Writes the result straight to the response with the shared protocol writer.</summary>
    private sealed class SearchResultHttp(SearchResult result) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "application/json";
            await using var w = new Utf8JsonWriter(httpContext.Response.Body);
            QueryApiProtocol.WriteResult(w, result);
            await w.FlushAsync(httpContext.RequestAborted);
        }
    }
}
