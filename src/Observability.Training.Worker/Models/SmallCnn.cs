using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Observability.Training.Worker.Models;

/// <summary>Two 3×3 convolutions, global average pooling and a linear head, for 1-channel square images.</summary>
internal sealed class SmallCnn : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _features;
    private readonly Module<Tensor, Tensor> _head;

    public SmallCnn(int hidden, int outputs) : base(nameof(SmallCnn))
    {
        var channels = Math.Max(4, hidden / 2);
        _features = Sequential(
            Conv2d(1, channels, 3, padding: 1), ReLU(),
            Conv2d(channels, hidden, 3, padding: 1), ReLU(),
            AdaptiveAvgPool2d(1), Flatten());
        _head = Linear(hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        using var f = _features.call(input);
        return _head.call(f);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _features.Dispose();
            _head.Dispose();
        }

        base.Dispose(disposing);
    }
}
