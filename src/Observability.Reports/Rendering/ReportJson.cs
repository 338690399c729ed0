using System.Text.Json;
using System.Text.Json.Serialization;
using Observability.Reports.Model;

namespace Observability.Reports.Rendering;

/// <summary>The report as JSON: every figure, snake_case names, nulls kept (null = no data).</summary>
public static class ReportJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(HealthReport report) => JsonSerializer.Serialize(report, Options);

    public static HealthReport Deserialize(string json) =>
        JsonSerializer.Deserialize<HealthReport>(json, Options) ?? throw new JsonException("report JSON is null");
}
