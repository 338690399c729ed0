namespace Observability.Cli.Commands.Tables;

/// <summary>A cell's plain text and an optional Spectre style (<c>green</c>, <c>bold red</c>) drawn around it.</summary>
public readonly record struct FittedCell(string Text, string? Style = null)
{
    public static implicit operator FittedCell(string text) => new(text);
}
