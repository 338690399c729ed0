using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Observability.Core.Documents;
using Observability.Training.Telemetry;
using Observability.Training.Worker.Data;
using Observability.Training.Worker.Distributed;
using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Training;

internal sealed partial class Trainer
{
    /// <summary>One optimizer step; returns the global mean loss and whether any rank asked to stop.</summary>
    private (double Loss, bool Stop) Step(long step, long epoch, long perEpoch, TrainingData data, nn.Module<Tensor, Tensor> model,
        TorchSharp.Modules.OptimizerHelper optimizer, RingAllReduce? ring)
    {
        var entered = Stopwatch.GetTimestamp();
        using var span = _instrumented && step % _spec.TraceEverySteps == 0 ? TrainingTelemetry.Source.StartActivity(TrainingTelemetry.StepSpan) : null;
        span?.SetTag("training.step", step);
        var spanStarted = Stopwatch.GetTimestamp();
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

        double Ms(long a, long b) => (b - a) * 1000.0 / Stopwatch.Frequency;
        var (dataMs, forwardMs, backwardMs, commMs, optMs) = (Ms(t0, t1), Ms(t1, t2), Ms(t2, t3), Ms(t3, t4), Ms(t4, t5));
        var samples = (int)x.shape[0];
        _lastStep = (dataMs, forwardMs, backwardMs, commMs, optMs, samples, globalLoss);
        var stepMs = dataMs + forwardMs + backwardMs + commMs + optMs;

        var recording = Stopwatch.GetTimestamp();
        if (_instrumented)
        {
            StepDuration.Record(stepMs, _tags);
            PhaseDuration.Record(dataMs, [.. _tags, new("training.phase", "data")]);
            PhaseDuration.Record(forwardMs, [.. _tags, new("training.phase", "forward")]);
            PhaseDuration.Record(backwardMs, [.. _tags, new("training.phase", "backward")]);
            PhaseDuration.Record(commMs, [.. _tags, new("training.phase", "communication")]);
            PhaseDuration.Record(optMs, [.. _tags, new("training.phase", "optimizer")]);
            Samples.Add(samples, _tags);
            if (span is not null)
            {
                if (double.IsNaN(gradNorm))
                {
                    gradNorm = LocalNorm(model.parameters().Where(p => p.grad is not null).Select(p => p.grad!).ToList());
                }

                span.SetTag("training.loss", globalLoss);
                EmitStepDocument(step, epoch, stepMs, dataMs, forwardMs, backwardMs, commMs, optMs, samples, globalLoss, gradNorm);
            }
        }

        // Time spent in instrumentation code itself (span start, metric records, step document), for the bench.
        // The span's own Dispose at return and the exporters' background threads are not included.
        _lastInstrumentationMs = Ms(entered, spanStarted) + Ms(recording, Stopwatch.GetTimestamp());
        return (globalLoss, stop);
    }

    private double _lastInstrumentationMs;

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

    private (double Data, double Forward, double Backward, double Communication, double Optimizer, int Samples, double Loss) _lastStep;
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
        var grads = model.parameters().Where(p => p.grad is not null).Select(p => p.grad!).ToList();
        if (ring is null)
        {
            return (loss, stopRequested(), double.NaN); // the norm, when a step document needs it, is computed outside this phase
        }

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

    private static double LocalNorm(List<Tensor> grads)
    {
        var sum = 0.0;
        foreach (var g in grads)
        {
            foreach (var v in Floats(g))
            {
                sum += (double)v * v;
            }
        }

        return Math.Sqrt(sum);
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

    private void EmitStepDocument(long step, long epoch, double stepMs, double dataMs, double forwardMs, double backwardMs, double commMs, double optMs,
        int samples, double loss, double gradNorm)
    {
        var doc = NewMetricDocument(time.GetUtcNow());
        doc.Id = EventIds.FromParts("training-step", config.JobId, config.Attempt.ToString(CultureInfo.InvariantCulture),
            config.Rank.ToString(CultureInfo.InvariantCulture), step.ToString(CultureInfo.InvariantCulture));
        doc[TrainingTelemetry.JobIdTag] = config.JobId;
        doc["training.job.name"] = _spec.Name;
        doc[TrainingTelemetry.RankTag] = (long)config.Rank;
        doc[TrainingTelemetry.AttemptTag] = (long)config.Attempt;
        doc["training.world_size"] = (long)config.WorldSize;
        doc["training.step"] = step;
        doc["training.epoch"] = epoch;
        doc["training.step.duration_ms"] = stepMs;
        doc["training.phase.data_ms"] = dataMs;
        doc["training.phase.forward_ms"] = forwardMs;
        doc["training.phase.backward_ms"] = backwardMs;
        doc["training.phase.communication_ms"] = commMs;
        doc["training.phase.optimizer_ms"] = optMs;
        doc["training.samples_per_second"] = stepMs > 0 ? samples / (stepMs / 1000.0) : 0;
        doc["training.loss"] = loss;
        doc["training.learning_rate"] = _spec.LearningRate;
        doc["training.grad_norm"] = gradNorm;
        doc["process.memory.rss"] = Environment.WorkingSet;
        if (Activity.Current is { } a)
        {
            doc[EcsFields.TraceId] = a.TraceId.ToHexString();
            doc[EcsFields.SpanId] = a.SpanId.ToHexString();
        }

        output.Document(Topic, doc);
    }
}
