using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Api.Query;
using Observability.Detection.Alerting;

namespace Observability.Api.Alerts;

/// <summary>
/// Serves obs up's alert store on its loopback API: <c>GET /api/alerts?state=&amp;limit=</c>, <c>GET /api/alerts/{fingerprint}</c>,
/// <c>GET /api/alerts/acknowledged</c>, <c>POST /api/alerts/ack</c>, <c>GET|POST /api/silences</c>. Every call needs the
/// token of <c>obs-up.json</c>; bodies are size-limited like the query API's.
/// </summary>
public static class AlertApi
{
    public static void Map(WebApplication app, IAlertStore store, string token)
    {
        var expected = Encoding.UTF8.GetBytes(token);
        app.MapGet(AlertApiProtocol.AlertsPath, (HttpContext http, string? state, int? limit) => Guard(http, expected, async ct =>
        {
            AlertState? s = state is null ? null : Enum.Parse<AlertState>(state, ignoreCase: true);
            var alerts = await store.ListAsync(s, Math.Clamp(limit ?? 50, 1, 10_000), ct);
            return Results.Json(alerts.Select(AlertDto.From).ToList(), AlertApiProtocol.Json);
        }));
        app.MapGet(AlertApiProtocol.AcknowledgedPath, Handler(http => Guard(http, expected, async ct =>
            Results.Json((await store.AcknowledgedAsync(ct)).ToList(), AlertApiProtocol.Json))));
        app.MapGet(AlertApiProtocol.AlertsPath + "/{fingerprint}", (HttpContext http, string fingerprint) => Guard(http, expected, async ct =>
            await store.GetAsync(fingerprint, ct) is { } alert
                ? Results.Json(AlertDto.From(alert), AlertApiProtocol.Json)
                : Results.Json(new Dictionary<string, string> { ["error"] = $"no alert with fingerprint {fingerprint}" }, statusCode: StatusCodes.Status404NotFound)));
        app.MapPost(AlertApiProtocol.AckPath, Handler(http => Guard(http, expected, async ct =>
        {
            var ack = await Read<AckDto>(http, ct);
            return Results.Json(new Dictionary<string, bool> { ["acknowledged"] = await store.AcknowledgeAsync(ack.Fingerprint, ack.By, ct) });
        })));
        app.MapGet(AlertApiProtocol.SilencesPath, (HttpContext http, DateTimeOffset? activeAt) => Guard(http, expected, async ct =>
            Results.Json((await store.ListSilencesAsync(activeAt, ct)).Select(SilenceDto.From).ToList(), AlertApiProtocol.Json)));
        app.MapPost(AlertApiProtocol.SilencesPath, Handler(http => Guard(http, expected, async ct =>
        {
            var silence = (await Read<SilenceDto>(http, ct)).ToSilence();
            Validate(silence);
            await store.AddSilenceAsync(silence, ct);
            return Results.Json(SilenceDto.From(silence), AlertApiProtocol.Json);
        })));
    }

    /// <summary>What <c>obs alerts silence</c> checks, checked again here: the API is not only for the CLI.</summary>
    private static void Validate(Silence silence)
    {
        if (silence.Matchers.Count == 0 && string.IsNullOrWhiteSpace(silence.Query))
        {
            throw new ArgumentException("a silence needs at least one matcher or a query");
        }

        if (silence.EndsAt <= silence.StartsAt)
        {
            throw new ArgumentException("a silence must end after it starts");
        }

        if (string.IsNullOrWhiteSpace(silence.Id) || string.IsNullOrWhiteSpace(silence.CreatedBy) || string.IsNullOrWhiteSpace(silence.Comment))
        {
            throw new ArgumentException("a silence needs an id, an author and a comment");
        }

        if (silence.Query is { } kql)
        {
            new KqlAlertQueryCompiler().Compile(kql); // a syntax error is the caller's: 400, not a broken silence
        }
    }

    /// <summary>A route handler (a Delegate, not a RequestDelegate), so the IResult it returns is written to the response.</summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>The token, then the call; bad input is a 400 with the reason, never a 500.</summary>
    private static async Task<IResult> Guard(HttpContext http, byte[] expected, Func<CancellationToken, Task<IResult>> run)
    {
        if (!QueryApi.TokenMatches(http, expected))
        {
            return Error(StatusCodes.Status401Unauthorized, $"missing or wrong {QueryApiProtocol.TokenHeader} (see obs-up.json)");
        }

        try
        {
            return await run(http.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or ArgumentException or FormatException or InvalidDataException or Observability.Query.Kql.KqlSyntaxException)
        {
            return Error(StatusCodes.Status400BadRequest, e.Message);
        }
    }

    private static async Task<T> Read<T>(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.Request.ContentLength is > QueryApiProtocol.MaxRequestBytes)
        {
            throw new InvalidDataException($"request larger than {QueryApiProtocol.MaxRequestBytes} bytes");
        }

        return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, AlertApiProtocol.Json, cancellationToken)
            ?? throw new JsonException("empty request body");
    }

    private static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);
}
