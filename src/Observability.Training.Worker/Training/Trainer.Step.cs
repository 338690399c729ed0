using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Observability.Training.Worker.Data;
using Observability.Training.Worker.Distributed;
using Observability.Training.Worker.Telemetry;
using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Training;

internal sealed partial class Trainer
{
    /// <summary>
    /// One optimizer step; returns the global mean loss and whether any rank asked to stop, and leaves the step's figures
    /// in <see cref="_current"/>. No telemetry API is called here: the figures are handed to the shipper by the caller.
    /// A sampled step also needs its gradient norm, read now because the next zero_grad clears the gradients.
    /// </summary>
    private (double Loss, bool Stop) Step(long step, long epoch, long perEpoch, TrainingData data, nn.Module<Tensor, Tensor> model,
        TorchSharp.Modules.OptimizerHelper optimizer, RingAllReduce? ring, bool sampled)
    {
        using var scope = torch.NewDisposeScope();

        var t0 = Stopwatch.GetTimestamp();
        var (x, y) = data.Batch(BatchIndices(step, epoch, perEpoch, data.Count));
        var t1 = Stopwatch.GetTimestamp();

        optimizer.zero_grad();
        var output = model.call(x);
        var loss = data.Classes > 0 ? nn.functional.cross_entropy(output, y) : nn.functional.mse_loss(output, y);
        var t2 = Stopwatch.GetTimestamp();

        loss.backward();
        var t3 = Stopwatch.GetTimestamp();

        var (globalLoss, stop, gradNorm) = Synchronise(model, loss.item<float>(), ring);
        var t4 = Stopwatch.GetTimestamp();

        optimizer.step();
        var t5 = Stopwatch.GetTimestamp();

        if (sampled && double.IsNaN(gradNorm))
        {
            // Single rank: the norm is not a by-product of the all-reduce, so it is computed for sampled steps only.
            gradNorm = GradientNorm(model);
            _instrumentationTicks += Stopwatch.GetTimestamp() - t5;
        }

        _current.DataMs = Ms(t0, t1);
        _current.ForwardMs = Ms(t1, t2);
        _current.BackwardMs = Ms(t2, t3);
        _current.CommunicationMs = Ms(t3, t4);
        _current.OptimizerMs = Ms(t4, t5);
        _current.StepMs = _current.DataMs + _current.ForwardMs + _current.BackwardMs + _current.CommunicationMs + _current.OptimizerMs;
        _current.Samples = (int)x.shape[0];
        _current.Loss = globalLoss;
        _current.GradNorm = sampled ? gradNorm : double.NaN;
        return (globalLoss, stop);
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    /// <summary>The rank's slice of the global batch of <paramref name="step"/> (a seeded permutation per epoch).</summary>
    private long[] BatchIndices(long step, long epoch, long perEpoch, long count)
    {
        if (_epochPermutation is null || _permutationEpoch != epoch)
        {
            var rng = new Random(HashCode.Combine(_spec.Seed, epoch));
            _epochPermutation = Enumerable.Range(0, (int)count).Select(i => (long)i).ToArray();
            rng.Shuffle(_epochPermutation);
            _permutationEpoch = epoch;
        }

        var global = _spec.BatchSize;
        var share = global / config.WorldSize;
        var extra = global % config.WorldSize;
        var mine = share + (config.Rank < extra ? 1 : 0);
        var offset = (config.Rank * share) + Math.Min(config.Rank, extra);
        var first = (step % perEpoch) * global;
        var indices = new long[mine];
        for (var i = 0; i < mine; i++)
        {
            indices[i] = _epochPermutation[(first + offset + i) % count];
        }

        return indices;
    }

    private StepRecord _current;
    private TorchSharp.Modules.Parameter[]? _parameters;
    private long _instrumentationTicks;
    private long[]? _epochPermutation;
    private long _permutationEpoch = -1;
    private float[] _flat = [];

    /// <summary>Averages gradients over the ranks (ring all-reduce) with the stop flag and loss riding along.</summary>
    /// <remarks>
    /// Gradients are read and written through <c>Tensor.bytes</c>, a view of the CPU tensor's memory (the element-wise
    /// accessor costs milliseconds per step). A single rank has nothing to exchange: it only computes the norm when a
    /// step document needs it.
    /// </remarks>
    private (double Loss, bool Stop, double GradNorm) Synchronise(nn.Module<Tensor, Tensor> model, float loss, RingAllReduce? ring)
    {
        if (ring is null)
        {
            return (loss, stopRequested(), double.NaN); // the norm, when a step document needs it, is computed outside this phase
        }

        var grads = Gradients(model);

        var size = grads.Sum(g => (int)g.numel()) + 2;
        if (_flat.Length != size)
        {
            _flat = new float[size];
        }

        var offset = 0;
        foreach (var g in grads)
        {
            var src = Floats(g);
            src.CopyTo(_flat.AsSpan(offset, src.Length));
            offset += src.Length;
        }

        _flat[offset] = stopRequested() ? 1 : 0;
        _flat[offset + 1] = loss;
        ring.SumInPlace(_flat);
        var scale = 1f / config.WorldSize;
        double norm = 0;
        for (var i = 0; i < offset; i++)
        {
            _flat[i] *= scale;
            norm += (double)_flat[i] * _flat[i];
        }

        offset = 0;
        foreach (var g in grads)
        {
            var dst = Floats(g);
            _flat.AsSpan(offset, dst.Length).CopyTo(dst);
            offset += dst.Length;
        }

        return (_flat[offset + 1] / config.WorldSize, _flat[offset] > 0, Math.Sqrt(norm));
    }

    /// <summary>The gradients of the model's parameters (the parameter list is read once; each step has new gradients).</summary>
    private List<Tensor> Gradients(nn.Module<Tensor, Tensor> model)
    {
        _parameters ??= [.. model.parameters()];
        var grads = new List<Tensor>(_parameters.Length);
        foreach (var p in _parameters)
        {
            if (p.grad is { } g)
            {
                grads.Add(g);
            }
        }

        return grads;
    }

    /// <summary>The L2 norm of this rank's gradients.</summary>
    private double GradientNorm(nn.Module<Tensor, Tensor> model)
    {
        var sum = 0.0;
        foreach (var g in Gradients(model))
        {
            sum += SumOfSquares(Floats(g));
        }

        return Math.Sqrt(sum);
    }

    /// <summary>Sum of squares: SIMD in float over chunks of 4096 values, each chunk's sum added in double.</summary>
    internal static double SumOfSquares(ReadOnlySpan<float> values)
    {
        const int Chunk = 4096;
        var sum = 0.0;
        var vectors = MemoryMarshal.Cast<float, Vector<float>>(values);
        var perChunk = Chunk / Vector<float>.Count;
        for (var start = 0; start < vectors.Length; start += perChunk)
        {
            var acc = Vector<float>.Zero;
            foreach (var v in vectors.Slice(start, Math.Min(perChunk, vectors.Length - start)))
            {
                acc += v * v;
            }

            sum += Vector.Sum(acc);
        }

        for (var i = vectors.Length * Vector<float>.Count; i < values.Length; i++)
        {
            sum += (double)values[i] * values[i];
        }

        return sum;
    }

    /// <summary>The float32 elements of a contiguous CPU tensor, in place.</summary>
    private static Span<float> Floats(Tensor t)
    {
        if (!t.is_contiguous() || t.dtype != ScalarType.Float32 || t.device_type != DeviceType.CPU)
        {
            throw new InvalidOperationException("gradients must be contiguous float32 CPU tensors");
        }

        return MemoryMarshal.Cast<byte, float>(t.bytes);
    }
}
