namespace Observability.Reports.Delivery;

/// <summary>A row of <c>obs_reports</c> (without its renderings).</summary>
public sealed record StoredReport(string Id, string Name, DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, DateTimeOffset GeneratedAt, long HtmlChars);
