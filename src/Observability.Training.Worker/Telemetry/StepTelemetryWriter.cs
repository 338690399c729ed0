using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Observability.Core.Documents;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;

namespace Observability.Training.Worker.Telemetry;

/// <summary>
/// Runs on the shipper thread: records every step into the OTel histograms and counter, and for each sampled step
/// creates the <c>train.step</c> span (with the step's own start time, duration and parent epoch span, so the trace is the
/// same as if it had been started on the training thread) and the step metric document, written in one stdout flush
/// per batch.
/// </summary>
internal sealed class StepTelemetryWriter : IStepRecordWriter
{
    private static readonly Histogram<double> StepDuration = TrainingTelemetry.Meter.CreateHistogram<double>("training.step.duration", "ms", "Step time");
    private static readonly Histogram<double> PhaseDuration = TrainingTelemetry.Meter.CreateHistogram<double>("training.phase.duration", "ms", "Step phase time");
    private static readonly Counter<long> Samples = TrainingTelemetry.Meter.CreateCounter<long>("training.samples", "{sample}", "Samples trained");
    private static readonly Counter<long> DroppedRecords = TrainingTelemetry.Meter.CreateCounter<long>("training.telemetry.dropped", "{record}",
        "Step records the telemetry ring dropped because the shipper fell behind");

    private static readonly string[] Phases = ["data", "forward", "backward", "communication", "optimizer"];

    private readonly RankConfig _config;
    private readonly RankOutput _output;
    private readonly string _serviceName;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly KeyValuePair<string, object?>[][] _phaseTags;
    private readonly string _attempt;
    private readonly string _rank;
    private readonly List<EcsDocument> _documents = [];

    public StepTelemetryWriter(RankConfig config, RankOutput output, string serviceName)
    {
        _config = config;
        _output = output;
        _serviceName = serviceName;
        _tags = [new(TrainingTelemetry.JobIdTag, config.JobId), new(TrainingTelemetry.RankTag, config.Rank)];
        _phaseTags = [.. Phases.Select(p => (KeyValuePair<string, object?>[])[.. _tags, new("training.phase", p)])];
        _attempt = config.Attempt.ToString(CultureInfo.InvariantCulture);
        _rank = config.Rank.ToString(CultureInfo.InvariantCulture);
    }

    public void Write(ReadOnlySpan<StepRecord> batch)
    {
        long samples = 0;
        foreach (ref readonly var r in batch)
        {
            StepDuration.Record(r.StepMs, _tags);
            PhaseDuration.Record(r.DataMs, _phaseTags[0]);
            PhaseDuration.Record(r.ForwardMs, _phaseTags[1]);
            PhaseDuration.Record(r.BackwardMs, _phaseTags[2]);
            PhaseDuration.Record(r.CommunicationMs, _phaseTags[3]);
            PhaseDuration.Record(r.OptimizerMs, _phaseTags[4]);
            samples += r.Samples;
            if (r.Sampled)
            {
                _documents.Add(Sampled(r));
            }
        }

        Samples.Add(samples, _tags);
        if (_documents.Count > 0)
        {
            var rss = Environment.WorkingSet; // one /proc read per batch, not per step
            foreach (var d in _documents)
            {
                d["process.memory.rss"] = rss;
            }

            try
            {
                _output.Documents(Topics.Metrics, _documents);
            }
            finally
            {
                _documents.Clear();
            }
        }
    }

    public void ReportDropped(long records) => DroppedRecords.Add(records, _tags);

    /// <summary>The step span (ended at once with the step's measured duration) and the step metric document.</summary>
    private EcsDocument Sampled(in StepRecord r)
    {
        var ended = r.StartedAt + TimeSpan.FromMilliseconds(r.WallMs);
        using var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.StepSpan, ActivityKind.Internal, r.Parent, startTime: r.StartedAt);
        if (span is not null)
        {
            span.SetTag("training.step", r.Step);
            span.SetTag("training.loss", r.Loss);
            span.SetEndTime(ended.UtcDateTime);
        }

        var doc = TrainingDocuments.Metric(_serviceName, ended);
        doc.Id = EventIds.FromParts("training-step", _config.JobId, _attempt, _rank, r.Step.ToString(CultureInfo.InvariantCulture));
        doc[TrainingTelemetry.JobIdTag] = _config.JobId;
        doc["training.job.name"] = _config.Spec.Name;
        doc[TrainingTelemetry.RankTag] = (long)_config.Rank;
        doc[TrainingTelemetry.AttemptTag] = (long)_config.Attempt;
        doc["training.world_size"] = (long)_config.WorldSize;
        doc["training.step"] = r.Step;
        doc["training.epoch"] = r.Epoch;
        doc["training.step.duration_ms"] = r.StepMs;
        doc["training.phase.data_ms"] = r.DataMs;
        doc["training.phase.forward_ms"] = r.ForwardMs;
        doc["training.phase.backward_ms"] = r.BackwardMs;
        doc["training.phase.communication_ms"] = r.CommunicationMs;
        doc["training.phase.optimizer_ms"] = r.OptimizerMs;
        doc["training.samples_per_second"] = r.StepMs > 0 ? r.Samples / (r.StepMs / 1000.0) : 0;
        doc["training.loss"] = r.Loss;
        doc["training.learning_rate"] = _config.Spec.LearningRate;
        doc["training.grad_norm"] = r.GradNorm;
        if (span is not null)
        {
            doc[EcsFields.TraceId] = span.TraceId.ToHexString();
            doc[EcsFields.SpanId] = span.SpanId.ToHexString();
        }

        return doc;
    }
}
