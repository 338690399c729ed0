namespace Observability.Training.Specs;

/// <summary>The network: <c>mlp</c>, <c>cnn</c> (small 2-conv net on square images) or <c>transformer</c> (tiny encoder).</summary>
public sealed class ModelSpec
{
    public string Type { get; set; } = "mlp";
    public int Hidden { get; set; } = 32;
    public int Layers { get; set; } = 2;

    /// <summary>Attention heads of the transformer (must divide <see cref="Hidden"/>).</summary>
    public int Heads { get; set; } = 2;
}
