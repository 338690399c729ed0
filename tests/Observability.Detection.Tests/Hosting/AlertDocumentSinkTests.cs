using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Detection.Alerting;
using Observability.Detection.Hosting;
using Observability.Storage.Elasticsearch.Http;
using Observability.Testing;

namespace Observability.Detection.Tests.Hosting;

/// <summary>
/// The sink that copies alert state changes into a document store (Elasticsearch <c>obs-alerts</c> under <c>obs up --es</c>):
/// alert documents with deterministic ids, transient failures retried a bounded number of times with the same ids,
/// permanent failures and refusals counted and logged, and the loop goes on. The writer here is scripted to fail on
/// purpose; the real bulk writer against an Elasticsearch-speaking server is exercised by the obs up --es alerts test.
/// </summary>
public sealed class AlertDocumentSinkTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Transient_failures_are_retried_with_the_same_ids_and_the_change_is_written_once()
    {
        var writer = new ScriptedWriter(new TimeoutException("es down"), new ElasticsearchException("503", 503, isTransient: true));
        using var sink = Sink(writer);
        await sink.StartAsync(CancellationToken.None);

        sink.Offer([Alert(AlertState.Firing)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("sent") == 1, Generous, "the firing change written");

        Assert.Equal(2, sink.Telemetry.Value("retries"));
        Assert.Equal(0, sink.Telemetry.Value("failed", "retries_exhausted"));
        Assert.Equal(3, writer.Attempts.Count);
        Assert.Single(writer.Attempts.SelectMany(a => a).Select(d => d.Id).Distinct()); // a retry cannot duplicate
        var doc = Assert.Single(writer.Written);
        Assert.Equal("alert", doc.GetString(EcsFields.EventKind));
        Assert.Equal("firing", doc.GetString("alert.state"));
        Assert.Equal("GpuHealth", doc.GetString("alert.name"));
        Assert.Equal("node-7", doc.GetString("labels.host"));
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Each_state_change_is_its_own_document_and_the_same_change_keeps_its_id()
    {
        var writer = new ScriptedWriter();
        using var sink = Sink(writer);
        await sink.StartAsync(CancellationToken.None);

        sink.Offer([Alert(AlertState.Firing)]);
        sink.Offer([Alert(AlertState.Firing), Alert(AlertState.Resolved)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("sent") == 3, Generous, "three changes written");

        var ids = writer.Written.Select(d => d.Id).ToList();
        Assert.Equal(2, ids.Distinct().Count()); // firing twice = one document id; resolved = another
        Assert.Contains(writer.Written, d => d.GetString("alert.state") == "resolved" && d.Contains("alert.ends_at"));
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_permanent_failure_is_counted_without_retries_and_later_changes_still_go_through()
    {
        var writer = new ScriptedWriter(new ElasticsearchException("bulk request refused: HTTP 401", 401, isTransient: false));
        using var sink = Sink(writer);
        await sink.StartAsync(CancellationToken.None);

        sink.Offer([Alert(AlertState.Firing)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("failed", "retries_exhausted") == 1, Generous, "the refused batch given up");
        Assert.Equal(0, sink.Telemetry.Value("retries"));

        sink.Offer([Alert(AlertState.Resolved)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("sent") == 1, Generous, "the next change written");
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_store_that_keeps_failing_is_given_up_after_max_attempts()
    {
        var writer = new ScriptedWriter(Enumerable.Range(0, 10).Select(_ => (Exception)new TimeoutException("es down")).ToArray());
        using var sink = Sink(writer);
        await sink.StartAsync(CancellationToken.None);

        sink.Offer([Alert(AlertState.Firing)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("failed", "retries_exhausted") == 1, Generous, "the batch given up");
        Assert.Equal(3, writer.Attempts.Count);
        Assert.Equal(2, sink.Telemetry.Value("retries"));
        Assert.Equal(0, sink.Telemetry.Value("sent"));
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_refused_document_is_counted_as_rejected()
    {
        var writer = new ScriptedWriter { Reject = true };
        using var sink = Sink(writer);
        await sink.StartAsync(CancellationToken.None);

        sink.Offer([Alert(AlertState.Firing)]);
        await Poll.UntilAsync(() => sink.Telemetry.Value("failed", "rejected") == 1, Generous, "the refusal counted");
        Assert.Equal(0, sink.Telemetry.Value("sent"));
        await sink.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Changes_queued_before_stop_are_written_on_stop()
    {
        var writer = new ScriptedWriter();
        using var sink = Sink(writer);
        sink.Offer([Alert(AlertState.Firing), Alert(AlertState.Resolved)]); // queued before the loop runs
        await sink.StartAsync(CancellationToken.None);
        await sink.StopAsync(CancellationToken.None);
        Assert.Equal(2, sink.Telemetry.Value("sent"));
    }

    private static AlertDocumentSink Sink(IDocumentWriter writer) =>
        new(writer, TimeProvider.System, NullLogger<AlertDocumentSink>.Instance) { MaxAttempts = 3, RetryDelay = TimeSpan.FromMilliseconds(1) };

    private static Alert Alert(AlertState state) => new()
    {
        Labels = LabelSet.Of(("alertname", "GpuHealth"), ("host", "node-7"), ("gpu", "1"), ("severity", "warning")),
        Annotations = new Dictionary<string, string> { ["summary"] = "GPU 1 hot" },
        State = state,
        ActiveAt = T0,
        StartsAt = T0 + TimeSpan.FromMinutes(1),
        EndsAt = state == AlertState.Resolved ? T0 + TimeSpan.FromMinutes(5) : null,
        UpdatedAt = T0 + TimeSpan.FromMinutes(state == AlertState.Resolved ? 5 : 1),
        Score = 90,
    };

    /// <summary>Throws the scripted exceptions one per call, then writes (or rejects everything).</summary>
    private sealed class ScriptedWriter(params Exception[] failures) : IDocumentWriter
    {
        private readonly ConcurrentQueue<Exception> _failures = new(failures);

        public bool Reject { get; init; }

        public ConcurrentQueue<IReadOnlyList<EcsDocument>> Attempts { get; } = new();

        public ConcurrentQueue<EcsDocument> Written { get; } = new();

        public Task<WriteResult> WriteAsync(IReadOnlyList<EcsDocument> documents, CancellationToken cancellationToken)
        {
            Attempts.Enqueue(documents.ToList());
            if (_failures.TryDequeue(out var failure))
            {
                throw failure;
            }

            if (Reject)
            {
                return Task.FromResult(new WriteResult(0, 0, documents.Select(d => new RejectedDocument(d, "mapper_parsing_exception")).ToList()));
            }

            foreach (var doc in documents)
            {
                Written.Enqueue(doc);
            }

            return Task.FromResult(new WriteResult(documents.Count, 0, []));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
