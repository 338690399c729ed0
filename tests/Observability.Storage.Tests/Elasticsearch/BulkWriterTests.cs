using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Bulk;
using Observability.Storage.Elasticsearch.Http;
using Observability.Storage.Tests.Elasticsearch.Support;
using Observability.Testing.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>The bulk writer against a real HTTP server answering as Elasticsearch does.</summary>
public sealed class BulkWriterTests : IAsyncLifetime
{
    private FakeElasticsearch _es = null!;

    public async Task InitializeAsync() => _es = await FakeElasticsearch.StartAsync();

    public async Task DisposeAsync() => await _es.DisposeAsync();

    private ElasticsearchStore Store(Action<ElasticsearchOptions>? configure = null)
    {
        var options = new ElasticsearchOptions { InitialBackoff = TimeSpan.FromMilliseconds(1), MaxBackoff = TimeSpan.FromMilliseconds(20), MaxBatchDocuments = 50 };
        options.Urls.Add(_es.Url);
        configure?.Invoke(options);
        return ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
    }

    [Fact]
    public async Task Documents_are_created_in_their_data_streams_with_their_ids_and_exact_timestamp()
    {
        await using var store = Store();
        var docs = Enumerable.Range(0, 120).Select(i => Docs.Log(i)).ToList();

        var result = await store.Writer.WriteAsync(docs, CancellationToken.None);

        Assert.Equal((120, 0, 0), (result.Written, result.Duplicates, result.Rejected.Count));
        Assert.Equal(120, _es.Documents.Count);
        var stored = _es.Documents[$"logs-obs.app-default/{docs[5].Id}"];
        Assert.Equal("2026-11-26T12:00:00.0050000Z", stored["@timestamp"]!.GetValue<string>());
        // Only the stream's name carries our prefix: data_stream.dataset stays as sent, as in the embedded store.
        Assert.Equal("app", stored["data_stream"]!["dataset"]!.GetValue<string>());
        Assert.Equal(3, _es.Requests.Count(r => r.Path == "/_bulk")); // 120 documents, at most 50 per request
    }

    [Fact]
    public async Task Bulk_bodies_go_gzip_compressed_and_ask_only_for_the_item_statuses()
    {
        await using var store = Store();
        var docs = Enumerable.Range(0, 50).Select(i => Docs.Log(i)).ToList();

        var first = await store.Writer.WriteAsync(docs, CancellationToken.None);
        var again = await store.Writer.WriteAsync(docs, CancellationToken.None);

        // The items still line up: the first write stores all, the second finds each a duplicate (409).
        Assert.Equal((50, 0), (first.Written, first.Duplicates));
        Assert.Equal((0, 50), (again.Written, again.Duplicates));
        var bulks = _es.RequestDetails.Where(r => r.Path == "/_bulk").ToList();
        Assert.Equal(2, bulks.Count);
        Assert.All(bulks, b =>
        {
            Assert.True(b.Gzip);
            Assert.Contains("filter_path=errors%2Citems.%2A.status%2C", b.Query, StringComparison.Ordinal);
        });
        var plain = _es.Requests.First(r => r.Path == "/_bulk").Body.Length;
        Assert.True(bulks[0].WireBytes * 4 < plain, $"{bulks[0].WireBytes} bytes sent for {plain} bytes of NDJSON");
    }

    [Fact]
    public async Task A_document_the_failure_store_kept_is_not_counted_as_written()
    {
        _es.FailureStoreEnabled = true;
        await using var store = Store();
        var bad = Docs.Log(1);
        bad.Set("log.offset", "not a number");

        var result = await store.Writer.WriteAsync([Docs.Log(0), bad], CancellationToken.None);

        Assert.Equal(1, result.Written);
        var rejected = Assert.Single(result.Rejected);
        Assert.Equal(bad.Id, rejected.Document.Id);
        Assert.Contains("failure store", rejected.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_redelivered_batch_counts_as_duplicates_and_is_stored_once()
    {
        await using var store = Store();
        var docs = Enumerable.Range(0, 30).Select(i => Docs.Log(i)).ToList();

        await store.Writer.WriteAsync(docs, CancellationToken.None);
        var again = await store.Writer.WriteAsync(docs, CancellationToken.None);

        Assert.Equal((0, 30, 0), (again.Written, again.Duplicates, again.Rejected.Count));
        Assert.All(_es.Created.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task Time_series_samples_go_without_id_and_a_resent_sample_is_a_duplicate()
    {
        await using var store = Store();
        var samples = Enumerable.Range(0, 10).Select(i => Docs.GpuSample(i)).ToList();

        var first = await store.Writer.WriteAsync(samples, CancellationToken.None);
        var second = await store.Writer.WriteAsync(samples, CancellationToken.None);

        Assert.Equal(10, first.Written);
        Assert.Equal(10, second.Duplicates);
        var bulk = _es.Requests.First(r => r.Path == "/_bulk").Body.Split('\n')[0];
        Assert.DoesNotContain("_id", bulk, StringComparison.Ordinal);
        Assert.Contains("\"create\":{\"_index\":\"metrics-obs.gpu.device-default\"}", bulk, StringComparison.Ordinal);
        // Training metrics are a plain data stream: they keep their deterministic id.
        await store.Writer.WriteAsync([Docs.TrainingStep(1)], CancellationToken.None);
        Assert.Contains(_es.Documents.Keys, k => k == $"metrics-obs.training-default/{Docs.TrainingStep(1).Id}");
    }

    [Fact]
    public async Task Items_answered_429_and_503_are_retried_until_stored()
    {
        await using var store = Store();
        var docs = Enumerable.Range(0, 40).Select(i => Docs.Log(i)).ToList();
        // Every third document is refused twice (429, then 503) before it goes through.
        var flaky = docs.Where((_, i) => i % 3 == 0).Select(d => d.Id!).ToHashSet();
        _es.ItemFault = (id, attempt) => flaky.Contains(id) && attempt <= 2 ? (attempt == 1 ? 429 : 503) : null;

        var result = await store.Writer.WriteAsync(docs, CancellationToken.None);

        Assert.Equal((40, 0, 0), (result.Written, result.Duplicates, result.Rejected.Count));
        Assert.All(flaky, id => Assert.Equal(3, _es.Attempts[id]));
        Assert.All(docs.Where(d => !flaky.Contains(d.Id!)), d => Assert.Equal(1, _es.Attempts[d.Id!]));
        Assert.Equal(2, store.Writer.Telemetry.Value("retries"));
    }

    [Fact]
    public async Task Mapping_errors_are_rejected_with_the_reason_and_the_rest_is_stored()
    {
        await using var store = Store();
        var docs = Enumerable.Range(0, 10).Select(i => Docs.GpuSample(i)).ToList();
        docs[4].Set("gpu.temperature.celsius", "hot");
        var noTimestamp = Docs.Log(99);
        noTimestamp.Remove(EcsFields.Timestamp);
        docs.Add(noTimestamp);

        var result = await store.Writer.WriteAsync(docs, CancellationToken.None);

        Assert.Equal(9, result.Written);
        Assert.Equal(2, result.Rejected.Count);
        var mapping = Assert.Single(result.Rejected, r => r.Document == docs[4]);
        Assert.Contains("document_parsing_exception", mapping.Reason, StringComparison.Ordinal);
        Assert.Contains("gpu.temperature.celsius", mapping.Reason, StringComparison.Ordinal);
        Assert.Contains(result.Rejected, r => r.Document == noTimestamp && r.Reason.Contains("@timestamp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_503_request_is_retried_and_a_persistent_one_fails_the_batch_unacknowledged()
    {
        await using var store = Store(o => o.MaxRetries = 2);
        var docs = Enumerable.Range(0, 5).Select(i => Docs.Log(i)).ToList();
        _es.RequestFaults.Enqueue(new RequestFault(Status: 503, RetryAfterSeconds: 0));

        var ok = await store.Writer.WriteAsync(docs, CancellationToken.None);
        Assert.Equal(5, ok.Written);

        for (var i = 0; i < 3; i++)
        {
            _es.RequestFaults.Enqueue(new RequestFault(Status: 503));
        }

        var more = Enumerable.Range(5, 5).Select(i => Docs.Log(i)).ToList();
        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => store.Writer.WriteAsync(more, CancellationToken.None));
        Assert.True(e.IsTransient);
        Assert.Equal(5, _es.Documents.Count);
        Assert.Equal(1, store.Writer.Telemetry.Value("failed_batches"));
    }

    [Fact]
    public async Task A_slow_answer_times_out_and_the_retry_finds_the_documents_already_stored()
    {
        await using var store = Store(o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        var docs = Enumerable.Range(0, 8).Select(i => Docs.Log(i)).ToList();
        _es.RequestFaults.Enqueue(new RequestFault(Delay: TimeSpan.FromSeconds(3)));

        var result = await store.Writer.WriteAsync(docs, CancellationToken.None);

        // The first request stored everything but answered too late: the retry sees 409s, counted once each.
        Assert.Equal((0, 8, 0), (result.Written, result.Duplicates, result.Rejected.Count));
        Assert.Equal(8, _es.Documents.Count);
        Assert.All(_es.Created.Values, n => Assert.Equal(1, n));
    }

    [Fact]
    public async Task A_server_that_is_not_Elasticsearch_is_refused()
    {
        await using var store = Store(o => o.MaxRetries = 0);
        _es.SendProductHeader = false;

        var e = await Assert.ThrowsAsync<ElasticsearchException>(() => store.Writer.WriteAsync([Docs.Log(1)], CancellationToken.None));
        Assert.Contains("x-elastic-product", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Oversized_documents_are_rejected_before_sending()
    {
        await using var store = Store(o => o.MaxDocumentBytes = 2048);
        var big = Docs.Log(1);
        big.Message = new string('x', 4096);

        var result = await store.Writer.WriteAsync([big, Docs.Log(2)], CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Contains("limit", Assert.Single(result.Rejected).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under_mixed_faults_every_document_is_stored_or_dead_lettered_once_and_every_batch_acknowledged_once()
    {
        await using var store = Store(o =>
        {
            o.MaxRetries = 1;
            o.MaxBatchDocuments = 7;
            o.MaxConcurrentRequests = 3;
        });
        var batches = Enumerable.Range(0, 12).Select(b => Enumerable.Range(b * 25, 25).Select(i => Docs.Log(i, host: $"node-{b % 3}")).ToList()).ToList();
        var poison = batches.SelectMany(b => b).Where((_, i) => i % 37 == 5).Select(d => d.Id!).ToHashSet();
        var rnd = new Random(42);
        _es.ItemFault = (id, attempt) => poison.Contains(id) ? 400 : rnd.Next(10) switch
        {
            0 => 429,
            1 => 503,
            _ => null,
        };
        for (var i = 0; i < 4; i++)
        {
            _es.RequestFaults.Enqueue(new RequestFault(Status: i % 2 == 0 ? 503 : 429));
        }

        var acks = new int[batches.Count];
        var deadLetters = new List<RejectedDocument>();
        var accounted = new Dictionary<string, int>();
        for (var b = 0; b < batches.Count; b++)
        {
            // What the indexer does: write, dead-letter the rejected, acknowledge only after a returned result; retry on throw.
            for (var attempt = 0; ; attempt++)
            {
                WriteResult result;
                try
                {
                    result = await store.Writer.WriteAsync(batches[b], CancellationToken.None);
                }
                catch (ElasticsearchException e) when (e.IsTransient && attempt < 50)
                {
                    continue;
                }

                Assert.Equal(batches[b].Count, result.Written + result.Duplicates + result.Rejected.Count);
                deadLetters.AddRange(result.Rejected);
                acks[b]++;
                break;
            }
        }

        Assert.All(acks, a => Assert.Equal(1, a));
        var all = batches.SelectMany(b => b).Select(d => d.Id!).ToList();
        var stored = _es.Documents.Keys.Select(k => k.Split('/')[1]).ToHashSet();
        var dead = deadLetters.Select(r => r.Document.Id!).ToHashSet();
        Assert.Equal(poison, dead);
        Assert.Empty(stored.Intersect(dead));
        Assert.Equal(all.ToHashSet(), stored.Union(dead).ToHashSet());
        Assert.All(_es.Created.Values, n => Assert.Equal(1, n));
    }
}
