using Observability.Core.Documents;
using Observability.Storage.DuckDb;
using Observability.Testing.DuckDb;

namespace Observability.Storage.Tests.DuckDb;

public sealed class DuckDbWriterTests : IDisposable
{
    private readonly TemporaryDuckDbStore _db = new();
    private readonly DuckDbWriter _writer;

    public DuckDbWriterTests() => _writer = new DuckDbWriter(_db.Store, TimeProvider.System);

    private static EcsDocument Log(int n, string type = "logs")
    {
        var doc = new EcsDocument();
        doc.Id = EventIds.From("test-source", n);
        doc.Timestamp = new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero).AddSeconds(n);
        doc.Message = $"line {n}";
        doc.Set(EcsFields.HostName, "node-1");
        doc.Set(EcsFields.DataStreamType, type);
        doc.Set(EcsFields.DataStreamDataset, "test");
        return doc;
    }

    [Fact]
    public async Task Writing_the_same_batch_twice_stores_each_document_once_and_counts_the_repeats_as_duplicates()
    {
        var batch = Enumerable.Range(0, 1000).Select(i => Log(i)).ToList();

        var first = await _writer.WriteAsync(batch, CancellationToken.None);
        var second = await _writer.WriteAsync(batch, CancellationToken.None);

        Assert.Equal((1000, 0), (first.Written, first.Duplicates));
        Assert.Equal((0, 1000), (second.Written, second.Duplicates));
        Assert.Equal(1000, _db.Count("SELECT count(*) FROM logs"));
        Assert.Equal(1000, _db.Count("SELECT count(DISTINCT id) FROM logs"));
    }

    [Fact]
    public async Task A_batch_that_overlaps_stored_documents_and_repeats_ids_within_itself_counts_exactly()
    {
        await _writer.WriteAsync([.. Enumerable.Range(0, 10).Select(i => Log(i))], CancellationToken.None);
        var batch = Enumerable.Range(5, 10).Select(i => Log(i)).Concat([Log(12), Log(20)]).ToList(); // 5..14, 12 again, 20

        var result = await _writer.WriteAsync(batch, CancellationToken.None);

        Assert.Equal(6, result.Written);    // 10..14 and 20
        Assert.Equal(6, result.Duplicates); // 5..9 stored before, 12 twice in the batch
        Assert.Equal(16, _db.Count("SELECT count(*) FROM logs"));
    }

    [Fact]
    public async Task Documents_are_routed_to_the_table_of_their_data_stream_type()
    {
        var result = await _writer.WriteAsync([Log(1, "logs"), Log(2, "metrics"), Log(3, "traces"), Log(4, "metrics")], CancellationToken.None);

        Assert.Equal(4, result.Written);
        Assert.Equal(1, _db.Count("SELECT count(*) FROM logs"));
        Assert.Equal(2, _db.Count("SELECT count(*) FROM metrics"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM traces"));
    }

    [Fact]
    public async Task Promoted_columns_and_the_full_source_are_stored()
    {
        var doc = Log(7);
        doc.Set(EcsFields.LogLevel, "error");
        doc.Set("gpu.temperature", 81L);

        await _writer.WriteAsync([doc], CancellationToken.None);

        Assert.Equal(1, _db.Count("SELECT count(*) FROM logs WHERE host_name = $1 AND log_level = $2 AND message = $3", "node-1", "error", "line 7"));
        Assert.Equal(81, _db.Count("SELECT CAST(json_extract(doc, '$.gpu.temperature') AS BIGINT) FROM logs"));
        Assert.Equal(1, _db.Count("SELECT count(*) FROM logs WHERE ts = TIMESTAMPTZ '2026-11-26 10:00:07+00'"));
    }

    [Fact]
    public async Task Documents_the_table_cannot_hold_are_rejected_with_a_reason_and_the_rest_is_written()
    {
        var noId = Log(1);
        noId.Id = null;
        var badTime = Log(2);
        badTime.Set(EcsFields.Timestamp, "yesterday-ish");
        var badDuration = Log(3, "traces");
        badDuration.Set(EcsFields.EventDuration, "slow");

        var result = await _writer.WriteAsync([noId, badTime, badDuration, Log(4)], CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Equal(3, result.Rejected.Count);
        Assert.Contains(result.Rejected, r => r.Reason.Contains("event.id", StringComparison.Ordinal));
        Assert.Contains(result.Rejected, r => r.Reason.Contains("@timestamp", StringComparison.Ordinal));
        Assert.Contains(result.Rejected, r => r.Reason.Contains("event.duration", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Data_written_is_visible_after_the_store_is_closed_and_opened_again()
    {
        await _writer.WriteAsync([.. Enumerable.Range(0, 50).Select(i => Log(i))], CancellationToken.None);
        _db.Store.Dispose();

        using var reopened = DuckDbStore.Open(_db.Options);
        Assert.Equal(50, reopened.QueryScalar<long>("SELECT count(*) FROM logs"));
    }

    public void Dispose() => _db.Dispose();
}
