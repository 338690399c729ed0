namespace Observability.Cli.Up.WebConsole;

/// <summary>How a panel is computed: hits per interval, a field's mean or max per interval and series, or distinct values.</summary>
internal enum PanelKind
{
    Count,
    Series,
    Distinct,
}

/// <summary>
/// One panel of a console dashboard, after a Lens panel of the Kibana dashboard of the same name in <c>dashboards/</c>:
/// its data stream and KQL filter, the field it measures and the field that splits it into series.
/// </summary>
internal sealed record DashboardPanel(string Title, PanelKind Kind, string DataStreamType, string Query = "", string? Field = null, string? SplitBy = null, bool Max = false);
