using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Specs;
using Observability.Training.Telemetry;
using Observability.Training.Worker;
using Observability.Training.Worker.Telemetry;
using Observability.Training.Worker.Training;

namespace Observability.Training.Tests.Telemetry;

public sealed class StepTelemetryWriterTests
{
    private static readonly string[] PhaseFields = ["data_ms", "forward_ms", "backward_ms", "communication_ms", "optimizer_ms"];

    [Fact]
    public void ASampledStepBecomesAStepSpanUnderItsEpochAndAStepDocumentWithEveryFigure()
    {
        var jobId = "writer-" + Guid.NewGuid().ToString("N");
        var config = new RankConfig
        {
            JobId = jobId,
            Spec = new JobSpec { Name = "writer-test", Owner = "tests", Steps = 10, LearningRate = 0.005 },
            Attempt = 2,
            Rank = 1,
            WorldSize = 2,
            JobDirectory = Path.GetTempPath(),
            Rendezvous = "r",
        };
        var epoch = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        var spans = new List<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == TrainingTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == epoch.TraceId)
                {
                    lock (spans)
                    {
                        spans.Add(a);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var measurements = new List<(string Instrument, double Value, string? Phase)>();
        using var meters = new MeterListener
        {
            InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == TrainingTelemetry.MeterName)
                {
                    l.EnableMeasurementEvents(i);
                }
            },
        };
        meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Measured(i.Name, v, tags));
        meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Measured(i.Name, v, tags));
        meters.Start();

        var stdout = new StringWriter();
        var writer = new StepTelemetryWriter(config, new RankOutput(stdout, RankProgram.ServiceName, TimeProvider.System, config), RankProgram.ServiceName);
        var started = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.Zero);
        var sampled = new StepRecord
        {
            Step = 30, Epoch = 1, StepMs = 10, DataMs = 1, ForwardMs = 2, BackwardMs = 3, CommunicationMs = 1.5, OptimizerMs = 2.5, Samples = 64,
            Loss = 0.25, GradNorm = 4.5, Sampled = true, StartedAt = started, WallMs = 10.5, Parent = epoch,
        };
        var plain = sampled with { Step = 31, Sampled = false, GradNorm = double.NaN, Parent = default };
        writer.Write([sampled, plain]);

        // One span, for the sampled step only: child of the epoch span, with the step's own start and duration.
        var span = Assert.Single(spans);
        Assert.Equal(TrainingTelemetry.StepSpan, span.DisplayName);
        Assert.Equal(epoch.SpanId, span.ParentSpanId);
        Assert.Equal(started.UtcDateTime, span.StartTimeUtc);
        Assert.Equal(TimeSpan.FromMilliseconds(10.5), span.Duration);
        Assert.Equal(30L, span.GetTagItem("training.step"));
        Assert.Equal(0.25, span.GetTagItem("training.loss"));

        // One step document, one line of the rank protocol, carrying the span's ids and every figure.
        var line = Assert.Single(stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var rankLine = TrainJson.Deserialize<RankLine>(System.Text.Encoding.UTF8.GetBytes(line));
        Assert.Equal(RankLine.Document, rankLine.Kind);
        Assert.Equal(Topics.Metrics, rankLine.Topic);
        var doc = rankLine.Doc!.Value;
        Assert.Equal(span.TraceId.ToHexString(), doc.GetProperty("trace").GetProperty("id").GetString());
        Assert.Equal(span.SpanId.ToHexString(), doc.GetProperty("span").GetProperty("id").GetString());
        var training = doc.GetProperty("training");
        Assert.Equal(jobId, training.GetProperty("job").GetProperty("id").GetString());
        Assert.Equal("writer-test", training.GetProperty("job").GetProperty("name").GetString());
        Assert.Equal(1, training.GetProperty("rank").GetInt64());
        Assert.Equal(2, training.GetProperty("attempt").GetInt64());
        Assert.Equal(2, training.GetProperty("world_size").GetInt64());
        Assert.Equal(30, training.GetProperty("step").GetInt64());
        Assert.Equal(10, training.GetProperty("step.duration_ms").GetDouble()); // the number and the object coexist: dotted key kept
        Assert.Equal(1, training.GetProperty("epoch").GetInt64());
        var phase = training.GetProperty("phase");
        Assert.Equal([1, 2, 3, 1.5, 2.5], PhaseFields.Select(p => phase.GetProperty(p).GetDouble()));
        Assert.Equal(6400, training.GetProperty("samples_per_second").GetDouble(), 6);
        Assert.Equal(0.25, training.GetProperty("loss").GetDouble());
        Assert.Equal(0.005, training.GetProperty("learning_rate").GetDouble());
        Assert.Equal(4.5, training.GetProperty("grad_norm").GetDouble());
        Assert.True(doc.GetProperty("process").GetProperty("memory").GetProperty("rss").GetInt64() > 0);
        Assert.Equal(started.AddMilliseconds(10.5), doc.GetProperty("@timestamp").GetDateTimeOffset());
        Assert.Equal("metrics", doc.GetProperty("data_stream").GetProperty("type").GetString());

        // Both steps reach the histograms and the samples counter (every step, not only sampled ones).
        lock (measurements)
        {
            Assert.Equal([10.0, 10.0], measurements.Where(m => m.Instrument == "training.step.duration").Select(m => m.Value));
            Assert.Equal([2.0, 2.0], measurements.Where(m => m.Instrument == "training.phase.duration" && m.Phase == "forward").Select(m => m.Value));
            Assert.Equal(10, measurements.Count(m => m.Instrument == "training.phase.duration"));
            Assert.Equal(128, measurements.Where(m => m.Instrument == "training.samples").Sum(m => m.Value));
        }

        void Measured(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? job = null, phaseTag = null;
            foreach (var t in tags)
            {
                job = t.Key == TrainingTelemetry.JobIdTag ? t.Value as string : job;
                phaseTag = t.Key == "training.phase" ? t.Value as string : phaseTag;
            }

            if (job == jobId)
            {
                lock (measurements)
                {
                    measurements.Add((instrument, value, phaseTag));
                }
            }
        }
    }

    [Fact]
    public void TheGradientNormSumOfSquaresMatchesADoublePrecisionLoop()
    {
        var random = new Random(7);
        foreach (var length in new[] { 0, 1, 7, 4096, 4097, 100_003 })
        {
            var values = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
            var expected = values.Sum(v => (double)v * v);
            Assert.Equal(expected, Trainer.SumOfSquares(values), Math.Max(1e-9, expected * 1e-5));
        }
    }
}
