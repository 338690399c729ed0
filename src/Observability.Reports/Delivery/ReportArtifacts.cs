using Observability.Reports.Model;

namespace Observability.Reports.Delivery;

/// <summary>A report and its three renderings.</summary>
public sealed record ReportArtifacts(HealthReport Report, string Html, string Markdown, string Json)
{
    /// <summary>File stem: name and period end, e.g. <c>daily-20261126T0600Z</c>.</summary>
    public string FileStem =>
        $"{Report.Name}-{Report.Period.End.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", System.Globalization.CultureInfo.InvariantCulture)}";
}
