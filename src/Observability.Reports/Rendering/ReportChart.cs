namespace Observability.Reports.Rendering;

/// <summary>One rendered chart: a stable name, a caption and the PNG bytes.</summary>
public sealed record ReportChart(string Name, string Title, byte[] Png);
