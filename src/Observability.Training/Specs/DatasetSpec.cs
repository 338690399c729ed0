namespace Observability.Training.Specs;

/// <summary>
/// Training data: seeded synthetic <c>regression</c>, <c>classification</c>, <c>images</c> (for the CNN) or
/// <c>sequence</c> (for the transformer) data, or a <c>csv</c> file of numeric columns.
/// </summary>
public sealed class DatasetSpec
{
    public string Type { get; set; } = "regression";
    public int Samples { get; set; } = 1024;
    public int Features { get; set; } = 8;
    public int Classes { get; set; } = 4;

    /// <summary>Sequence length (sequence) or image side (images).</summary>
    public int Length { get; set; } = 8;

    public int Seed { get; set; } = 7;

    /// <summary>CSV: path of the file (header row required).</summary>
    public string? Path { get; set; }

    /// <summary>CSV: the target column; every other column is a feature.</summary>
    public string? Target { get; set; }
}
