using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;

namespace Observability.Api.Query;

/// <summary>
/// The loopback query API of <c>obs up</c>: <c>POST /api/search</c> runs a <see cref="SearchRequest"/> on the
/// store this process owns, <c>POST /api/histogram</c> and <c>POST /api/top</c> count its hits per interval and its
/// most frequent field values (so <c>obs search</c> works while <c>obs up</c> holds the DuckDB file), guarded by the
/// token written to <c>obs-up.json</c>; <c>GET /api/health</c> says it is up.
/// </summary>
public static class QueryApi
{
    public static void Map(WebApplication app, IAggregatingSearchStore search, string token, ILogger logger)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        app.MapGet(QueryApiProtocol.HealthPath, () => Results.Json(new Dictionary<string, string> { ["status"] = "ok" }));

        // A route handler (Delegate), not a RequestDelegate, so the IResult it returns is written to the response.
        Delegate Endpoint(Func<JsonElement, SearchRequest, CancellationToken, Task<IResult>> run) =>
            (Func<HttpContext, Task<IResult>>)(http => Handle(http, expected, logger, run));

        Func<JsonElement, SearchRequest, CancellationToken, Task<IResult>> searchEndpoint = async (body, request, ct) =>
        {
            var result = await search.SearchAsync(request, ct);
            return new JsonHttpResult(w => QueryApiProtocol.WriteResult(w, result));
        };
        app.MapPost(QueryApiProtocol.SearchPath, Endpoint(searchEndpoint));
        // The same search as a link (alerts' generatorURL): GET /api/search?q=KQL&from=&to=&type=&limit=, token in the header.
        app.MapGet(QueryApiProtocol.SearchPath, (Func<HttpContext, Task<IResult>>)(http => HandleGet(http, expected, logger, searchEndpoint)));
        app.MapPost(QueryApiProtocol.HistogramPath, Endpoint(async (body, request, ct) =>
        {
            var interval = QueryApiProtocol.ReadInterval(body);
            var buckets = await search.HistogramAsync(request, interval, ct);
            return new JsonHttpResult(w => QueryApiProtocol.WriteHistogram(w, buckets));
        }));
        app.MapPost(QueryApiProtocol.TopPath, Endpoint(async (body, request, ct) =>
        {
            var (field, size) = QueryApiProtocol.ReadTopRequest(body);
            var top = await search.TopValuesAsync(request, field, size, ct);
            return new JsonHttpResult(w => QueryApiProtocol.WriteTop(w, top));
        }));
    }

    /// <summary>
    /// The shared part of every POST endpoint: the token, the size limit, the request body (a <see cref="SearchRequest"/>
    /// plus the endpoint's own properties, read by <paramref name="run"/>), and errors mapped to 400/401/413/500.
    /// </summary>
    private static async Task<IResult> Handle(HttpContext http, byte[] expected, ILogger logger, Func<JsonElement, SearchRequest, CancellationToken, Task<IResult>> run)
    {
        if (!TokenMatches(http, expected))
        {
            return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {QueryApiProtocol.TokenHeader} (see obs-up.json)");
        }

        if (http.Request.ContentLength is > QueryApiProtocol.MaxRequestBytes)
        {
            return Error(StatusCodes.Status413PayloadTooLarge, $"request larger than {QueryApiProtocol.MaxRequestBytes} bytes");
        }

        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(http.Request.Body, default, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"bad request: {e.Message}");
        }

        using (body)
        {
            return await RunAsync(http, body.RootElement, logger, run);
        }
    }

    /// <summary>A GET with the request in the query string (<c>q</c>, <c>from</c>, <c>to</c>, <c>type</c>, <c>limit</c>), so a URL can carry it.</summary>
    private static async Task<IResult> HandleGet(HttpContext http, byte[] expected, ILogger logger, Func<JsonElement, SearchRequest, CancellationToken, Task<IResult>> run)
    {
        if (!TokenMatches(http, expected))
        {
            return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {QueryApiProtocol.TokenHeader} header: send the token from obs-up.json, e.g. curl -H \"{QueryApiProtocol.TokenHeader}: $(jq -r .token data/obs-up.json)\" URL, or run the query with obs search");
        }

        var q = http.Request.Query;
        var request = new System.Text.Json.Nodes.JsonObject { ["query"] = q["q"].ToString(), ["data_stream_type"] = q["type"].FirstOrDefault() ?? "logs" };
        foreach (var name in new[] { "from", "to" })
        {
            if (q[name].FirstOrDefault() is { } value)
            {
                request[name] = value;
            }
        }

        if (q["limit"].FirstOrDefault() is { } limit)
        {
            if (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                return Error(StatusCodes.Status400BadRequest, $"bad request: limit must be an integer, got '{limit}'");
            }

            request["limit"] = n;
        }

        using var body = JsonDocument.Parse(request.ToJsonString());
        return await RunAsync(http, body.RootElement, logger, run);
    }

    /// <summary>The token in the <see cref="QueryApiProtocol.TokenHeader"/> header (the CLI) or in the web console's cookie (the browser, <see cref="QueryApiProtocol.ConsoleCookie"/>).</summary>
    public static bool TokenMatches(HttpContext http, byte[] expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(http.Request.Headers[QueryApiProtocol.TokenHeader].ToString()), expected)
        || (http.Request.Cookies.TryGetValue(QueryApiProtocol.ConsoleCookie, out var cookie)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(cookie ?? string.Empty), expected));

    /// <summary>Reads the <see cref="SearchRequest"/> from <paramref name="body"/> and runs the endpoint, mapping errors to 400/500.</summary>
    private static async Task<IResult> RunAsync(HttpContext http, JsonElement body, ILogger logger, Func<JsonElement, SearchRequest, CancellationToken, Task<IResult>> run)
    {
        SearchRequest request;
        try
        {
            request = QueryApiProtocol.ReadRequest(body);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"bad request: {e.Message}");
        }

        try
        {
            return await run(body, request, http.RequestAborted);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, $"bad request: {e.Message}");
        }
        catch (KqlSyntaxException e)
        {
            // The caller's error, with the query and a caret under the position, as obs search prints it.
            return Error(StatusCodes.Status400BadRequest, $"{e.Message}{Environment.NewLine}{e.Caret}");
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "{Path} {Query} failed", http.Request.Path.Value, request.Query);
            return Error(StatusCodes.Status500InternalServerError, e.Message);
        }
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);
}
