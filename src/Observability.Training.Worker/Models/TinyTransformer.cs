using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Observability.Training.Worker.Models;

/// <summary>Token + learned position embeddings, a small Transformer encoder, mean pooling and a linear head.</summary>
internal sealed class TinyTransformer : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _tokens;
    private readonly TorchSharp.Modules.Parameter _positions;
    private readonly TorchSharp.Modules.TransformerEncoder _encoder;
    private readonly Module<Tensor, Tensor> _head;

    public TinyTransformer(int vocabulary, int length, int hidden, int heads, int layers, int outputs) : base(nameof(TinyTransformer))
    {
        _tokens = Embedding(vocabulary, hidden);
        _positions = Parameter(torch.randn(length, 1, hidden) * 0.02);
        _encoder = TransformerEncoder(TransformerEncoderLayer(hidden, heads, hidden * 2, dropout: 0.0), layers);
        _head = Linear(hidden, outputs);
        RegisterComponents();
    }

    public override Tensor forward(Tensor tokens)
    {
        // tokens: [batch, length] → [length, batch, hidden] (sequence-first, as TransformerEncoder expects)
        using var scope = torch.NewDisposeScope();
        var x = _tokens.call(tokens).transpose(0, 1) + _positions;
        var encoded = _encoder.call(x);
        return _head.call(encoded.mean([0])).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _tokens.Dispose();
            _encoder.Dispose();
            _head.Dispose();
            _positions.Dispose();
        }

        base.Dispose(disposing);
    }
}
