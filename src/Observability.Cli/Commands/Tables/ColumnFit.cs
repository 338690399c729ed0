namespace Observability.Cli.Commands.Tables;

/// <summary>How a column of a <see cref="FittedTable"/> gives way when the table is wider than the terminal.</summary>
public enum ColumnFit
{
    /// <summary>Never shortened: ids a user copies into the next command, numbers.</summary>
    Keep,

    /// <summary>Shortened after the free text, widest first.</summary>
    Shrink,

    /// <summary>Shortened first, widest first: labels, reasons, messages.</summary>
    FreeText,
}
