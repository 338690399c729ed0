using System.Diagnostics;
using Observability.Training.Protocol;
using Observability.Training.Specs;
using Observability.Training.Telemetry;
using Observability.Training.Worker.Checkpoints;
using Observability.Training.Worker.Data;
using Observability.Training.Worker.Distributed;
using Observability.Training.Worker.Models;
using Observability.Training.Worker.Telemetry;
using Observability.Training.Workers;
using TorchSharp;
using static TorchSharp.torch;

namespace Observability.Training.Worker.Training;

/// <summary>
/// The data-parallel training loop of one rank. Every rank builds the same model (shared seed) and samples the same
/// global batch per step (seeded by epoch), takes its own slice of it, and averages gradients through the ring
/// all-reduce, so the replicas stay identical. Two extra values ride along with the gradients: a stop flag (so all
/// ranks stop at the same step when any is asked to) and the loss (so every rank reports the global mean loss).
/// </summary>
internal sealed partial class Trainer(RankConfig config, RankOutput output, TimeProvider time, Func<bool> stopRequested)
{
    private readonly JobSpec _spec = config.Spec;
    private readonly StepStats _stats = new();
    private readonly List<double> _instrumentedSteps = [];
    private readonly List<double> _bareSteps = [];
    private bool _instrumented = config.Instrumentation;
    private double _instrumentationMs;

    private readonly StepTelemetryOptions _telemetryOptions = new();

    public int Run(CancellationToken ct)
    {
        if (config.Threads > 0)
        {
            torch.set_num_threads(config.Threads);
        }

        torch.manual_seed(_spec.Seed);
        using var data = DatasetFactory.Create(_spec.Dataset);
        using var model = ModelFactory.Create(_spec.Model, data, _spec.Dataset);
        var optimizer = CreateOptimizer(model);
        var perEpoch = Math.Max(1, data.Count / _spec.BatchSize);
        var total = _spec.Steps > 0 ? _spec.Steps : _spec.Epochs * perEpoch;
        var store = new CheckpointStore(JobFiles.CheckpointDirectory(config.JobDirectory));

        using var ring = config.WorldSize > 1 ? Rendezvous(ct) : null;
        var start = Restore(store, model, optimizer, ring);
        output.Write(new RankLine { Kind = RankLine.Started, Step = start, TotalSteps = total });
        output.Log("info", $"rank {config.Rank}/{config.WorldSize} training {_spec.Model.Type} from step {start} to {total}", config.Instrumentation);

        // Per-step metrics, step spans and step documents are built and shipped on the shipper's thread; the loop only
        // copies each step's figures into its ring.
        using var shipper = config.Instrumentation
            ? new StepTelemetryShipper(_telemetryOptions, new StepTelemetryWriter(config, output, RankProgram.ServiceName))
            : null;
        var pacing = JobSpecLoader.ParseDuration(_spec.StepPacing);
        var lastProgress = Environment.TickCount64 - 1000; // the first step reports at once (MinValue would overflow the difference)
        Activity? epochSpan = null;
        var epoch = -1L;
        try
        {
            for (var step = start; step < total; step++)
            {
                ct.ThrowIfCancellationRequested();
                if (step / perEpoch != epoch)
                {
                    epochSpan?.Dispose();
                    epoch = step / perEpoch;
                    epochSpan = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.EpochSpan);
                    epochSpan?.SetTag("training.epoch", epoch);
                    epochSpan?.SetTag(TrainingTelemetry.JobIdTag, config.JobId);
                    epochSpan?.SetTag(TrainingTelemetry.RankTag, config.Rank);
                }

                if (config.AlternateInstrumentationEvery > 0)
                {
                    _instrumented = config.Instrumentation && (step / config.AlternateInstrumentationEvery) % 2 == 0;
                }

                var began = Stopwatch.GetTimestamp();
                var sampled = _instrumented && shipper is not null && step % _spec.TraceEverySteps == 0;
                _instrumentationTicks = 0;
                var startedAt = sampled ? time.GetUtcNow() : default;
                _instrumentationTicks += sampled ? Stopwatch.GetTimestamp() - began : 0;
                var (loss, stop) = Step(step, epoch, perEpoch, data, model, optimizer, ring, sampled);
                if (_instrumented && shipper is not null)
                {
                    var handOff = Stopwatch.GetTimestamp();
                    _current.Step = step;
                    _current.Epoch = epoch;
                    _current.Sampled = sampled;
                    _current.StartedAt = startedAt;
                    _current.WallMs = Ms(began, handOff);
                    _current.Parent = sampled && epochSpan is not null ? epochSpan.Context : default;
                    shipper.Record(in _current);
                    _instrumentationTicks += Stopwatch.GetTimestamp() - handOff;
                }

                // Step time is wall time of the whole step, the telemetry hand-off included (what the overhead bench compares).
                var wall = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                var l = _current;
                _stats.Add(wall, l.DataMs, l.ForwardMs, l.BackwardMs, l.CommunicationMs, l.OptimizerMs, l.Samples, l.Loss);
                if (config.AlternateInstrumentationEvery > 0 && step - start >= 2 * config.AlternateInstrumentationEvery)
                {
                    (_instrumented ? _instrumentedSteps : _bareSteps).Add(wall); // the first two blocks warm up
                    if (_instrumented)
                    {
                        _instrumentationMs += _instrumentationTicks * 1000.0 / Stopwatch.Frequency;
                    }
                }

                var done = step + 1;
                if (config.Rank == 0 && ((_spec.CheckpointEvery > 0 && done % _spec.CheckpointEvery == 0 && done < total) || (stop && done < total)))
                {
                    SaveCheckpoint(store, done, model, optimizer);
                }

                var now = Environment.TickCount64;
                if (now - lastProgress >= 500 || done == total || stop)
                {
                    lastProgress = now;
                    output.Write(new RankLine { Kind = RankLine.Progress, Step = done, TotalSteps = total, Loss = loss });
                }

                if (stop && done < total)
                {
                    output.Log("info", $"stopping at step {done} on request (checkpoint saved by rank 0)", config.Instrumentation);
                    return RankExitCodes.Stopped;
                }

                if (pacing is { } p && Stopwatch.GetElapsedTime(began) < p)
                {
                    Thread.Sleep(p - Stopwatch.GetElapsedTime(began));
                }
            }
        }
        finally
        {
            epochSpan?.Dispose();
            var summary = _stats.Summarise(config.Rank);
            if (shipper is not null)
            {
                if (!shipper.Complete())
                {
                    output.Log("warn", $"step telemetry not drained within {_telemetryOptions.DrainTimeout}; the rest was dropped", config.Instrumentation);
                }

                summary.TelemetryLostRecords = shipper.Lost;
                if (shipper.Lost > 0)
                {
                    output.Log("warn", $"step telemetry lost {shipper.Lost} of {shipper.Ring.Written + shipper.Ring.Dropped} step records " +
                        $"(ring full {shipper.Ring.Waits} times, {shipper.FailedBatches} failed batches)", config.Instrumentation);
                }
            }

            if (config.AlternateInstrumentationEvery > 0)
            {
                summary.StepP50MsInstrumented = StepStats.Percentile([.. _instrumentedSteps.Order()], 0.5);
                summary.StepP50MsBare = StepStats.Percentile([.. _bareSteps.Order()], 0.5);
                summary.InstrumentationMsPerStep = _instrumentedSteps.Count == 0 ? 0 : _instrumentationMs / _instrumentedSteps.Count;
            }

            output.Write(new RankLine { Kind = RankLine.Summary, Result = summary });
        }

        output.Log("info", $"rank {config.Rank} finished {total} steps; loss {_stats.FirstLoss:F4} -> {_stats.LastLoss:F4}", config.Instrumentation);
        return RankExitCodes.Completed;
    }

    private RingAllReduce Rendezvous(CancellationToken ct)
    {
        using var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.RendezvousSpan);
        span?.SetTag(TrainingTelemetry.RankTag, config.Rank);
        var dir = Path.Combine(config.JobDirectory, "rendezvous", config.Rendezvous);
        return RingAllReduce.ConnectAsync(dir, config.Host, config.Rank, config.WorldSize, $"{config.JobId}/{config.Attempt}",
            TimeSpan.FromSeconds(config.RendezvousTimeoutSeconds), ct).GetAwaiter().GetResult();
    }

    private long Restore(CheckpointStore store, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer, RingAllReduce? ring)
    {
        var step = store.LatestStep() ?? 0;
        if (step > 0)
        {
            using var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.CheckpointRestoreSpan);
            span?.SetTag("training.step", step);
            store.Load(step, model, optimizer);
        }

        if (ring is not null)
        {
            // All ranks must resume from the same checkpoint.
            var check = new float[] { step };
            ring.SumInPlace(check);
            if (Math.Abs(check[0] - ((float)step * config.WorldSize)) > 0.5f)
            {
                throw new InvalidOperationException($"ranks disagree on the checkpoint to resume from (rank {config.Rank} has step {step})");
            }
        }

        if (step > 0)
        {
            output.Log("info", $"resumed from checkpoint at step {step}", config.Instrumentation);
        }

        return step;
    }

    private void SaveCheckpoint(CheckpointStore store, long step, nn.Module model, TorchSharp.Modules.OptimizerHelper optimizer)
    {
        using var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.CheckpointSpan);
        span?.SetTag("training.step", step);
        span?.SetTag(TrainingTelemetry.JobIdTag, config.JobId);
        store.Save(step, model, optimizer);
        output.Write(new RankLine { Kind = RankLine.Checkpoint, Step = step, CheckpointStep = step });
    }

    private TorchSharp.Modules.OptimizerHelper CreateOptimizer(nn.Module<Tensor, Tensor> model) => _spec.Optimizer switch
    {
        "sgd" => torch.optim.SGD(model.parameters(), _spec.LearningRate),
        "momentum" => torch.optim.SGD(model.parameters(), _spec.LearningRate, momentum: 0.9),
        "adamw" => torch.optim.AdamW(model.parameters(), _spec.LearningRate),
        _ => torch.optim.Adam(model.parameters(), _spec.LearningRate),
    };
}
