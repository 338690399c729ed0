using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Options;
using Observability.Storage.DuckDb;
using Observability.Storage.DuckDb.Retention;
using Observability.Testing;
using Xunit.Abstractions;

namespace Observability.Storage.Tests.DuckDb.Retention;

/// <summary>
/// Retention of the embedded store on a real DuckDB file: filled past <c>max_size</c> or <c>max_age</c> while the writer
/// keeps ingesting, the oldest hours go, every newer document stays, and the file shrinks when the store is opened again.
/// </summary>
public sealed class RetentionTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private const int RowsPerHour = 2_500;
    private const int FilledHours = 40;
    private const int IngestedHours = 4;
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("retention");
    private readonly FakeTimeProvider _time = new(T0.AddHours(FilledHours + IngestedHours));

    private DuckDbOptions Options => new() { DataDirectory = _dir.Path, Threads = 2 };

    private static EcsDocument Doc(int hour, int n)
    {
        // About 300 bytes of text that compresses little, like real log lines.
        var noise = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{hour}/{n}")));
        var doc = new EcsDocument
        {
            Id = EventIds.From("retention", hour * RowsPerHour + n),
            Timestamp = T0.AddHours(hour).AddSeconds(n * 3600.0 / RowsPerHour),
            Message = $"step {n} of hour {hour} {noise} {noise.ToLowerInvariant()} {noise[..40]}",
        };
        doc.Set(EcsFields.DataStreamType, n % 10 == 0 ? "metrics" : "logs");
        doc.Set(EcsFields.HostName, $"gpu-node-{n % 8}");
        return doc;
    }

    private static async Task WriteHoursAsync(DuckDbWriter writer, int from, int count)
    {
        for (var hour = from; hour < from + count; hour++)
        {
            for (var start = 0; start < RowsPerHour; start += 1250)
            {
                var batch = Enumerable.Range(start, 1250).Select(n => Doc(hour, n)).ToList();
                var result = await writer.WriteAsync(batch, CancellationToken.None);
                Assert.Equal(batch.Count, result.Written);
            }
        }
    }

    private static long CountFrom(DuckDbStore store, int hour) =>
        store.QueryScalar<long>("SELECT (SELECT count(*) FROM logs WHERE ts >= $1) + (SELECT count(*) FROM metrics WHERE ts >= $1)", T0.AddHours(hour));

    private static long CountBefore(DuckDbStore store, DateTimeOffset t) =>
        store.QueryScalar<long>("SELECT (SELECT count(*) FROM logs WHERE ts < $1) + (SELECT count(*) FROM metrics WHERE ts < $1)", t);

    /// <summary>Fills <see cref="FilledHours"/>, then ingests the newest hours while retention passes run; returns the file size when full.</summary>
    private async Task<long> FillThenIngestWhileRetainingAsync(DuckDbRetentionOptions retention, Func<DuckDbStore, long>? maxSizeOf = null)
    {
        using var store = DuckDbStore.Open(Options);
        var writer = new DuckDbWriter(store, _time);
        await WriteHoursAsync(writer, 0, FilledHours);
        var full = DuckDbStoreSize.Measure(store);
        output.WriteLine($"full: file {full.FileBytes} bytes, live {full.LiveBytes} bytes, {CountFrom(store, 0)} rows");
        if (maxSizeOf is not null)
        {
            retention.MaxSize = maxSizeOf(store).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var pass = new DuckDbRetention(store, retention, _time);
        var ingest = Task.Run(() => WriteHoursAsync(writer, FilledHours, IngestedHours));
        var passes = 0;
        while (!ingest.IsCompleted)
        {
            var p = await pass.RunAsync(CancellationToken.None);
            passes++;
            output.WriteLine($"pass while ingesting: dropped {p.DroppedTotal} before {p.DroppedBefore:O}; file {p.Before.FileBytes} → {p.After.FileBytes}, live {p.Before.LiveBytes} → {p.After.LiveBytes}");
        }

        await ingest;
        Assert.True(passes > 0, "no retention pass ran while ingesting");
        var last = await pass.RunAsync(CancellationToken.None);
        output.WriteLine($"pass after ingest ({passes} while ingesting): dropped {last.DroppedTotal}; file {last.Before.FileBytes} → {last.After.FileBytes}, live {last.Before.LiveBytes} → {last.After.LiveBytes}");
        return full.FileBytes;
    }

    [Fact]
    public async Task Past_max_size_while_ingesting_the_oldest_hours_go_the_newest_all_stay_and_the_file_shrinks_at_the_next_open()
    {
        long maxSize = 0;
        var full = await FillThenIngestWhileRetainingAsync(new DuckDbRetentionOptions { DeleteBatchRows = 5_000 },
            store => maxSize = DuckDbStoreSize.Measure(store).LiveBytes / 2);

        using var reopened = DuckDbStore.Open(Options, compactFreeRatio: 0.25);
        var compaction = Assert.IsType<StoreCompaction>(reopened.Compaction);
        output.WriteLine($"max_size {maxSize} bytes; full file {full} bytes; compacted at open {compaction.BeforeBytes} → {compaction.AfterBytes} bytes in {compaction.Took.TotalMilliseconds:0} ms");
        Assert.True(compaction.SwappedIn);
        Assert.True(compaction.AfterBytes < full * 0.75, $"the file shrank from {full} to only {compaction.AfterBytes} bytes");
        Assert.True(compaction.AfterBytes <= maxSize, $"the file ({compaction.AfterBytes} bytes) is above max_size ({maxSize})");

        // The ingested hours and the hour before them are all there; the oldest hour is gone.
        Assert.Equal((IngestedHours + 1) * RowsPerHour, CountFrom(reopened, FilledHours - 1));
        Assert.Equal(0, CountBefore(reopened, T0.AddHours(1)));
        var oldestKept = reopened.QueryScalar<DateTime>("SELECT min(ts) FROM logs");
        Assert.True(oldestKept > T0.AddHours(10).UtcDateTime, $"kept data from {oldestKept:O}");
    }

    [Fact]
    public async Task Past_max_age_while_ingesting_everything_older_goes_everything_newer_stays_and_the_file_shrinks_at_the_next_open()
    {
        var full = await FillThenIngestWhileRetainingAsync(new DuckDbRetentionOptions { MaxAge = "24h", DeleteBatchRows = 5_000 });
        var cutoff = _time.GetUtcNow() - TimeSpan.FromHours(24); // hour FilledHours + IngestedHours - 24

        using var reopened = DuckDbStore.Open(Options, compactFreeRatio: 0.25);
        var compaction = Assert.IsType<StoreCompaction>(reopened.Compaction);
        output.WriteLine($"full file {full} bytes; compacted at open {compaction.BeforeBytes} → {compaction.AfterBytes} bytes in {compaction.Took.TotalMilliseconds:0} ms");
        Assert.True(compaction.AfterBytes < full * 0.75, $"the file shrank from {full} to only {compaction.AfterBytes} bytes");
        Assert.Equal(0, CountBefore(reopened, cutoff));
        Assert.Equal(24 * RowsPerHour, CountFrom(reopened, FilledHours + IngestedHours - 24));
    }

    [Fact]
    public async Task The_service_runs_a_pass_at_start_and_counts_what_it_dropped()
    {
        using var store = DuckDbStore.Open(Options);
        await WriteHoursAsync(new DuckDbWriter(store, _time), 0, 2);
        var service = new DuckDbRetentionService(store, new DuckDbRetentionOptions { MaxAge = "43h" }, _time,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DuckDbRetentionService>.Instance);

        await service.StartAsync(CancellationToken.None);
        for (var i = 0; i < 200 && service.Dropped == 0; i++)
        {
            await Task.Delay(50);
        }

        await service.StopAsync(CancellationToken.None);
        Assert.Equal(RowsPerHour, service.Dropped); // hour 0 is older than 43 h before hour 44; hour 1 is not
        Assert.Equal(0, service.Failed);
        Assert.Equal(RowsPerHour, CountFrom(store, 0));
    }

    [Fact]
    public void Options_name_the_key_and_the_forms_they_take()
    {
        Assert.Equal(TimeSpan.FromDays(7), new DuckDbRetentionOptions { MaxAge = "7d" }.MaxAgeSpan);
        Assert.Equal(10_000_000_000, new DuckDbRetentionOptions { MaxSize = "10GB" }.MaxSizeBytes);
        Assert.Equal(1536L << 20, new DuckDbRetentionOptions { MaxSize = "1.5GiB" }.MaxSizeBytes);
        new DuckDbRetentionOptions { MaxAge = "36h", MaxSize = "500MB" }.Validate();
        var age = Assert.Throws<ObsConfigException>(() => new DuckDbRetentionOptions { MaxAge = "7 days" }.Validate());
        Assert.Contains("store.retention.max_age", age.Message);
        Assert.Contains("'7 days'", age.Message);
        var size = Assert.Throws<ObsConfigException>(() => new DuckDbRetentionOptions { MaxSize = "ten gigs" }.Validate());
        Assert.Contains("store.retention.max_size", size.Message);
        Assert.Equal("1.2 GB", RetentionValue.FormatSize(1_234_567_890));
    }

    public void Dispose() => _dir.Dispose();
}
