using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Data;

/// <summary>A dataset held in memory as two tensors; <see cref="Classes"/> is 0 for regression.</summary>
internal sealed class TrainingData(Tensor inputs, Tensor targets, int classes) : IDisposable
{
    public Tensor Inputs { get; } = inputs;
    public Tensor Targets { get; } = targets;
    public int Classes { get; } = classes;
    public long Count => Inputs.shape[0];

    /// <summary>Feature count of a flat input (regression, classification, csv).</summary>
    public long Features => Inputs.shape.Length > 1 ? Inputs.shape[1] : 1;

    public (Tensor X, Tensor Y) Batch(long[] indices)
    {
        using var idx = torch.tensor(indices, ScalarType.Int64);
        return (Inputs.index_select(0, idx), Targets.index_select(0, idx));
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
