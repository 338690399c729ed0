using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Storage.DuckDb;
using Observability.Testing;

namespace Observability.Storage.Tests.DuckDb;

/// <summary>
/// The writer's duplicate check without a primary key: ids stored within the window are recognised, also after the
/// store was closed and opened again (a crash or a restart), per table; a store of an older version keeps its key.
/// </summary>
public sealed class DeduplicationTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("dedup");
    private readonly FakeTimeProvider _time = new(T0);

    private DuckDbOptions Options(int windowSeconds = 600, int maxIds = 1_000_000) =>
        new() { DataDirectory = _dir.Path, Threads = 2, DedupWindowSeconds = windowSeconds, DedupMaxIds = maxIds };

    /// <summary>A document as the indexer hands it over: stamped with <c>event.ingested</c> (the time of the write).</summary>
    private EcsDocument Doc(int n, string type = "logs")
    {
        var doc = new EcsDocument { Id = EventIds.From("dedup-test", n), Timestamp = T0.AddSeconds(n), Message = $"line {n}" };
        doc.Set(EcsFields.DataStreamType, type);
        doc.Set(EcsFields.EventIngested, _time.GetUtcNow());
        return doc;
    }

    private List<EcsDocument> Docs(int from, int count, string type = "logs") => [.. Enumerable.Range(from, count).Select(i => Doc(i, type))];

    [Fact]
    public async Task Documents_stored_before_the_store_was_closed_are_duplicates_when_they_come_again_after_it_opens()
    {
        using (var store = DuckDbStore.Open(Options()))
        {
            var first = await new DuckDbWriter(store, _time).WriteAsync(Docs(0, 500), CancellationToken.None);
            Assert.Equal(500, first.Written);
        }

        _time.Advance(TimeSpan.FromMinutes(3));
        using var reopened = DuckDbStore.Open(Options());
        var again = await new DuckDbWriter(reopened, _time).WriteAsync(Docs(400, 200), CancellationToken.None); // 400..599

        Assert.Equal((100, 100), (again.Written, again.Duplicates));
        Assert.Equal(600, reopened.QueryScalar<long>("SELECT count(*) FROM logs"));
        Assert.Equal(600, reopened.QueryScalar<long>("SELECT count(DISTINCT id) FROM logs"));
    }

    [Fact]
    public async Task Two_writers_of_one_store_share_the_check_and_each_table_has_its_own()
    {
        using var store = DuckDbStore.Open(Options());
        await new DuckDbWriter(store, _time).WriteAsync(Docs(0, 10), CancellationToken.None);

        var other = new DuckDbWriter(store, _time);
        var logsAgain = await other.WriteAsync(Docs(0, 10), CancellationToken.None);
        var sameIdsAsMetrics = await other.WriteAsync(Docs(0, 10, "metrics"), CancellationToken.None);

        Assert.Equal((0, 10), (logsAgain.Written, logsAgain.Duplicates));
        Assert.Equal((10, 0), (sameIdsAsMetrics.Written, sameIdsAsMetrics.Duplicates));
        Assert.Equal(10, store.QueryScalar<long>("SELECT count(*) FROM metrics"));
    }

    [Fact]
    public async Task A_failed_write_is_not_remembered_so_its_retry_is_stored()
    {
        using var store = DuckDbStore.Open(Options());
        var writer = new DuckDbWriter(store, _time);
        using (var c = store.OpenReadConnection())
        using (var cmd = c.CreateCommand())
        {
            // Makes the next insert into logs fail (a NOT NULL message), as a full disk or an I/O error would.
            cmd.CommandText = "ALTER TABLE logs ALTER COLUMN message SET NOT NULL";
            cmd.ExecuteNonQuery();
        }

        var doc = Doc(1);
        doc.Message = null;
        await Assert.ThrowsAnyAsync<DuckDBException>(() => writer.WriteAsync([doc, Doc(2)], CancellationToken.None));

        var retry = await writer.WriteAsync([Doc(2)], CancellationToken.None);
        Assert.Equal(1, retry.Written);
    }

    [Fact]
    public async Task A_copy_that_comes_back_after_the_window_is_stored_again_as_documented()
    {
        using var store = DuckDbStore.Open(Options(windowSeconds: 60));
        var writer = new DuckDbWriter(store, _time);
        await writer.WriteAsync([Doc(1)], CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, (await writer.WriteAsync([Doc(1), Doc(2)], CancellationToken.None)).Duplicates);
        _time.Advance(TimeSpan.FromSeconds(61));
        await writer.WriteAsync([Doc(3)], CancellationToken.None); // the write that moves the window past Doc(1)'s

        Assert.Equal(1, (await writer.WriteAsync([Doc(1)], CancellationToken.None)).Written);
    }

    [Fact]
    public void At_capacity_the_oldest_ids_go_first_and_the_shortened_window_is_reported()
    {
        var ids = new RecentEventIds(TimeSpan.FromHours(1), maxIds: 4);
        ids.Add(T0, [1, 2]);
        ids.Add(T0.AddSeconds(1), [3, 4]);
        Assert.False(ids.Shortened);

        ids.Add(T0.AddSeconds(2), [5]);

        Assert.True(ids.Shortened);
        Assert.Equal(3, ids.Count);
        Assert.False(ids.Contains(1));
        Assert.True(ids.Contains(5));
    }

    [Fact]
    public void A_hex_event_id_is_its_own_key_and_any_other_id_is_hashed()
    {
        var id = EventIds.From("source", 42);
        Assert.Equal(UInt128.Parse(id, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture), RecentEventIds.KeyOf(id));
        Assert.NotEqual(RecentEventIds.KeyOf(id.ToUpperInvariant()), RecentEventIds.KeyOf(id));
        Assert.NotEqual(RecentEventIds.KeyOf("my-own-id-7"), RecentEventIds.KeyOf("my-own-id-8"));
    }

    [Fact]
    public async Task A_store_of_an_older_version_keeps_its_primary_key_and_still_ignores_duplicates()
    {
        Directory.CreateDirectory(_dir.Path);
        using (var old = new DuckDBConnection($"Data Source={Options().DatabasePath}"))
        {
            old.Open();
            using var cmd = old.CreateCommand();
            cmd.CommandText = DuckDbSchema.CreateTableSql(DuckDbSchema.LogsTable).Replace("id VARCHAR NOT NULL", "id VARCHAR PRIMARY KEY", StringComparison.Ordinal);
            cmd.ExecuteNonQuery();
        }

        using var store = DuckDbStore.Open(Options());
        Assert.Null(store.RecentIdsOf(DuckDbSchema.LogsTable));
        Assert.NotNull(store.RecentIdsOf(DuckDbSchema.MetricsTable));
        var writer = new DuckDbWriter(store, _time);
        await writer.WriteAsync(Docs(0, 10), CancellationToken.None);

        var again = await writer.WriteAsync(Docs(5, 10), CancellationToken.None);

        Assert.Equal((5, 5), (again.Written, again.Duplicates));
        Assert.Equal(15, store.QueryScalar<long>("SELECT count(*) FROM logs"));
    }

    public void Dispose() => _dir.Dispose();
}
