using System.Text.Json;
using Observability.Training.Scheduling;
using Observability.Training.Telemetry;

namespace Observability.Training.Tests.Integration;

[Collection(TrainingClusterCollection.Name)]
public sealed class DistributedTrainingTests
{
    [Fact]
    public async Task TwoRankCpuJobTrainsItsLossFallsAndItsSpansFormOneTrace()
    {
        await using var cluster = new TrainingCluster();
        await cluster.StartSchedulerAsync();
        await cluster.StartWorkerAsync("w1", slots: 1);
        await cluster.StartWorkerAsync("w2", slots: 1);

        var jobId = await cluster.SubmitAsync(TrainingCluster.TinySpec("two-rank", worldSize: 2, steps: 60));
        var job = await cluster.WaitForAsync(jobId, j => j.State.IsFinal());

        Assert.True(job.State == JobState.Succeeded, cluster.RankLogs(jobId));
        var ranks = job.Ranks.Where(r => r.Attempt == job.Attempt).OrderBy(r => r.Rank).ToList();
        Assert.Equal([0, 1], ranks.Select(r => r.Rank));
        Assert.Equal(["w1", "w2"], ranks.Select(r => r.WorkerId).Order());
        foreach (var r in ranks)
        {
            Assert.Equal(60, r.Steps);
            Assert.True(r.LastLoss < r.FirstLoss * 0.5, $"rank {r.Rank}: loss {r.FirstLoss} -> {r.LastLoss}");
            Assert.True(r.CommunicationMs > 0);
        }

        // The all-reduced loss is the same global mean on both ranks: the replicas trained in lock-step.
        Assert.Equal(ranks[0].LastLoss!.Value, ranks[1].LastLoss!.Value, 5);

        // Spans: one trace from the submission span down to the steps, every parent present.
        var traceId = job.TraceParent!.Split('-')[1];
        cluster.Telemetry.Flush();
        var spans = await CollectSpansAsync(cluster, traceId, s =>
            s.Count(x => x.Name == TrainingTelemetry.RankSpan) == 2 && s.Any(x => x.Name == TrainingTelemetry.PlacementSpan)
            && s.Any(x => x.Name == TrainingTelemetry.QueueWaitSpan), cluster);

        var byId = spans.ToDictionary(s => s.SpanId);
        var root = Assert.Single(spans, s => s.ParentId is null);
        Assert.Equal(TrainingTelemetry.SubmitSpan, root.Name);
        Assert.All(spans.Where(s => s.ParentId is not null), s => Assert.True(byId.ContainsKey(s.ParentId!), $"{s.Name} has a missing parent"));
        var placement = Assert.Single(spans, s => s.Name == TrainingTelemetry.PlacementSpan);
        Assert.Equal(root.SpanId, placement.ParentId);
        Assert.Equal(root.SpanId, Assert.Single(spans, s => s.Name == TrainingTelemetry.QueueWaitSpan).ParentId);
        var rankSpans = spans.Where(s => s.Name == TrainingTelemetry.RankSpan).ToList();
        Assert.All(rankSpans, r => Assert.Equal(placement.SpanId, r.ParentId));
        var epochs = spans.Where(s => s.Name == TrainingTelemetry.EpochSpan).ToList();
        Assert.NotEmpty(epochs);
        Assert.All(epochs, e => Assert.Contains(e.ParentId, rankSpans.Select(r => r.SpanId)));
        var steps = spans.Where(s => s.Name == TrainingTelemetry.StepSpan).ToList();
        Assert.Equal(2 * 6, steps.Count); // 60 steps, one span every 10, on each rank
        Assert.All(steps, s => Assert.Contains(s.ParentId, epochs.Select(e => e.SpanId)));
        Assert.Contains(spans, s => s.Name == TrainingTelemetry.CheckpointSpan && epochs.Any(e => e.SpanId == s.ParentId));
        Assert.Contains(spans, s => s.Name == TrainingTelemetry.RendezvousSpan);
        Assert.All(spans, s => Assert.True(s.DurationNs >= 0));

        // Step metric documents (built on each rank's shipper thread): one per step span, carrying that span's ids and
        // every figure; and the OTel step-time histogram counted all 60 steps of each rank (no step record lost).
        var metrics = await CollectMetricsAsync(cluster, jobId, m =>
            m.Count(d => d.GetDouble("training.step.duration_ms") is not null) == 12
            && Enumerable.Range(0, 2).All(r => HistogramCount(m, r) == 60));
        var stepDocs = metrics.Where(d => d.GetDouble("training.step.duration_ms") is not null).ToList();
        Assert.Equal(steps.Select(s => s.SpanId).Order(), stepDocs.Select(d => d.GetString("span.id")!).Order());
        Assert.All(stepDocs, d => Assert.Equal(traceId, d.GetString("trace.id")));
        Assert.Equal([0, 0, 10, 10, 20, 20, 30, 30, 40, 40, 50, 50], stepDocs.Select(d => (long)d["training.step"]!).Order());
        foreach (var d in stepDocs)
        {
            Assert.Equal(2L, d["training.world_size"]);
            Assert.True(d.GetDouble("training.grad_norm") is > 0 and < double.PositiveInfinity);
            Assert.True(d.GetDouble("training.phase.communication_ms") > 0);
            Assert.True(d.GetDouble("training.samples_per_second") > 0);
            Assert.True(d.GetDouble("training.loss") > 0);
            Assert.True(d.GetDouble("process.memory.rss") > 0);
        }
    }

    private static double HistogramCount(List<Core.Documents.EcsDocument> metrics, int rank) =>
        metrics.Where(d => d["training.rank"] is long r && r == rank).Select(d => d.GetDouble("training.step.duration.count") ?? 0).DefaultIfEmpty().Max();

    private static async Task<List<Core.Documents.EcsDocument>> CollectMetricsAsync(TrainingCluster cluster, string jobId,
        Func<List<Core.Documents.EcsDocument>, bool> complete)
    {
        var docs = new List<Core.Documents.EcsDocument>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var batch = await cluster.Metrics.ReceiveAsync(1000, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            docs.AddRange(batch.Messages.Select(m => Core.Json.EcsJson.Parse(m.Value.Span)).Where(d => d.GetString("training.job.id") == jobId));
            batch.Acknowledge();
            if (batch.Count == 0 && complete(docs))
            {
                return docs;
            }
        }

        throw new TimeoutException($"incomplete metrics: {docs.Count} documents");
    }

    internal sealed record Span(string Name, string SpanId, string? ParentId, long DurationNs);

    internal static async Task<List<Span>> CollectSpansAsync(TrainingCluster cluster, string traceId, Func<List<Span>, bool> complete, TrainingCluster _)
    {
        var spans = new List<Span>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var batch = await cluster.Traces.ReceiveAsync(1000, TimeSpan.FromMilliseconds(200), CancellationToken.None);
            foreach (var m in batch.Messages)
            {
                using var doc = JsonDocument.Parse(m.Value);
                var root = doc.RootElement;
                if (root.GetProperty("trace").GetProperty("id").GetString() != traceId)
                {
                    continue;
                }

                var span = root.GetProperty("span");
                spans.Add(new Span(
                    span.GetProperty("name").GetString()!,
                    span.GetProperty("id").GetString()!,
                    root.TryGetProperty("parent", out var p) ? p.GetProperty("id").GetString() : null,
                    root.GetProperty("event").GetProperty("duration").GetInt64()));
            }

            if (batch.Count == 0 && complete(spans))
            {
                return spans;
            }

            cluster.Telemetry.Flush();
        }

        throw new TimeoutException($"incomplete trace: {string.Join(", ", spans.Select(s => s.Name))}");
    }
}
