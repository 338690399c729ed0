using System.Text.Json;
using Observability.Reports;

namespace Observability.Api.Reports;

/// <summary>
/// <c>POST /api/reports/run</c> of obs up's loopback API (same token as the query API): obs up builds the report over the
/// store it holds, stores it in <c>obs_reports</c> and answers its three renderings, so <c>obs report run</c> works while
/// obs up runs and writes the same files as offline.
/// </summary>
public static class ReportApiProtocol
{
    public const string RunPath = "/api/reports/run";

    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>The report to build: its name, the period, and the caller's thresholds (the <c>reports.report</c> options of its obs.yml).</summary>
    public sealed record RunRequest(string Name, DateTimeOffset End, TimeSpan Period, ReportOptions Options);

    public sealed record RunAnswer(string Html, string Markdown, string Json);
}
