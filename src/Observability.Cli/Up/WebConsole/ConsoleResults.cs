using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Observability.Query.Kql;

namespace Observability.Cli.Up.WebConsole;

/// <summary>The console endpoints' answers: bad input (a KQL syntax error with its caret, a bad field name or time) is a 400 with the reason.</summary>
internal static class ConsoleResults
{
    public static async Task<IResult> Run(Func<Task<IResult>> run)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (e is KqlSyntaxException or ArgumentException or FormatException or JsonException)
        {
            return Error(StatusCodes.Status400BadRequest, Describe(e));
        }
    }

    /// <summary>The caller's error as the page shows it: a KQL syntax error with the query and a caret under the position, as obs search prints it.</summary>
    public static string Describe(Exception e) => e is KqlSyntaxException k ? $"{k.Message}{Environment.NewLine}{k.Caret}" : e.Message;

    public static IResult Error(int status, string message) =>
        Results.Json(new Dictionary<string, string> { ["error"] = message }, statusCode: status);

    /// <summary>An ISO 8601 time from the query string, or null when absent.</summary>
    public static DateTimeOffset? Time(string? value, string name) =>
        string.IsNullOrEmpty(value) ? null
        : DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t
        : throw new FormatException($"{name} is not an ISO 8601 time: '{value}'");

    /// <summary><c>logs</c>, <c>metrics</c> or <c>traces</c>; anything else is the caller's error.</summary>
    public static string DataStreamType(string? value) => value switch
    {
        null or "" => "logs",
        "logs" or "metrics" or "traces" => value,
        _ => throw new ArgumentException($"type must be logs, metrics or traces, got '{value}'"),
    };
}
