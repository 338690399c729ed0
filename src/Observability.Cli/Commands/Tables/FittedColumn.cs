namespace Observability.Cli.Commands.Tables;

/// <summary>
/// A column of a <see cref="FittedTable"/>: its header, how it gives way when the table is wider than the terminal,
/// and, for a column the list can do without (e.g. a time the id already carries), when it is hidden: lowest first,
/// and only when shortening the others is not enough.
/// </summary>
public sealed record FittedColumn(string Header, ColumnFit Fit = ColumnFit.Shrink, int? HideOrder = null);
