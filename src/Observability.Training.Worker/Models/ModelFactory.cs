using Observability.Training.Specs;
using Observability.Training.Worker.Data;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Observability.Training.Worker.Models;

/// <summary>Builds the spec's network for the dataset's shape; output width is the class count (or 1 for regression).</summary>
internal static class ModelFactory
{
    public static Module<Tensor, Tensor> Create(ModelSpec spec, TrainingData data, DatasetSpec dataSpec)
    {
        var outputs = data.Classes > 0 ? data.Classes : 1;
        return spec.Type switch
        {
            "mlp" => Mlp(data.Features, spec.Hidden, spec.Layers, outputs),
            "cnn" => new SmallCnn(spec.Hidden, outputs),
            "transformer" => new TinyTransformer(dataSpec.Features, dataSpec.Length, spec.Hidden, spec.Heads, spec.Layers, outputs),
            _ => throw new ArgumentException($"model.type '{spec.Type}' is not supported"),
        };
    }

    private static Module<Tensor, Tensor> Mlp(long inputs, int hidden, int layers, int outputs)
    {
        var modules = new List<(string, Module<Tensor, Tensor>)>();
        var width = inputs;
        for (var i = 0; i < layers; i++)
        {
            modules.Add(($"linear{i}", Linear(width, hidden)));
            modules.Add(($"relu{i}", ReLU()));
            width = hidden;
        }

        modules.Add(("out", Linear(width, outputs)));
        return Sequential(modules);
    }
}
