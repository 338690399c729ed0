using Observability.Testing;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Spool;
using Observability.Agent.Tests.Support;
using Observability.Core.Transport;

namespace Observability.Agent.Tests.Spool;

public sealed class SpoolingProducerTests
{
    private static List<TransportMessage> Batch(int from, int count) =>
        [.. Enumerable.Range(from, count).Select(i => new TransportMessage(Topics.Logs, "node-1", Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")))];

    private static SpoolOptions Options(TemporaryDirectory dir, long maxBytes = 64L * 1024 * 1024) => new()
    {
        Directory = dir.File("spool"),
        MaxBytes = maxBytes,
        SpoolAfter = TimeSpan.FromMilliseconds(200),
        MaxRetryDelay = TimeSpan.FromMilliseconds(100),
    };

    [Fact]
    public async Task While_the_transport_fails_batches_are_spooled_then_replayed_in_order()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var inner = new CapturingProducer { Fail = true };
        await using var spooling = new SpoolingProducer(inner, Options(dir), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);

        for (var b = 0; b < 5; b++)
        {
            await spooling.ProduceAsync(Batch(b * 10, 10), CancellationToken.None); // returns: durably spooled
        }

        Assert.Equal(50, spooling.EventsSpooled);
        Assert.Equal(0, inner.Produced);
        inner.Fail = false;
        await spooling.ProduceAsync(Batch(50, 10), CancellationToken.None);
        await Poll.UntilAsync(() => inner.Produced == 60 && spooling.SpooledBatches == 0);

        var order = inner.Values.Select(v => int.Parse(Encoding.UTF8.GetString(v)[5..^1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(Enumerable.Range(0, 60), order);
        Assert.Empty(Directory.EnumerateFiles(dir.File("spool")));
    }

    [Fact]
    public async Task A_spool_left_by_a_previous_process_is_replayed_on_start()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var failing = new CapturingProducer { Fail = true };
        var first = new SpoolingProducer(failing, Options(dir), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        await first.ProduceAsync(Batch(0, 100), CancellationToken.None);
        await first.DisposeAsync();

        var inner = new CapturingProducer();
        await using var second = new SpoolingProducer(inner, Options(dir), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        // The replay counts a batch after the transport acknowledged it: wait for the count, then check what arrived.
        await Poll.UntilAsync(() => second.EventsReplayed == 100);
        Assert.Equal(100, inner.Produced);
    }

    [Fact]
    public async Task A_full_spool_makes_the_caller_wait_instead_of_dropping()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var inner = new CapturingProducer { Fail = true };
        await using var spooling = new SpoolingProducer(inner, Options(dir, maxBytes: 1024 * 1024), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        var big = Enumerable.Range(0, 4).Select(i => new TransportMessage(Topics.Logs, "k", new byte[200_000])).ToList();
        await spooling.ProduceAsync(big, CancellationToken.None); // 800 kB: fits
        var blocked = spooling.ProduceAsync(big, CancellationToken.None); // would exceed 1 MiB
        await Task.WhenAny(blocked, Task.Delay(500));
        Assert.False(blocked.IsCompleted);

        inner.Fail = false; // the replay drains the first batch, making room
        await blocked.WaitAsync(TimeSpan.FromSeconds(30));
        await Poll.UntilAsync(() => inner.Produced == 8);
    }

    [Fact]
    public async Task A_damaged_spool_file_is_set_aside_and_the_rest_replayed()
    {
        using var dir = TemporaryDirectory.Create("agent");
        var first = new SpoolingProducer(new CapturingProducer { Fail = true }, Options(dir), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        await first.ProduceAsync(Batch(0, 5), CancellationToken.None);
        await first.ProduceAsync(Batch(5, 5), CancellationToken.None);
        await first.DisposeAsync();
        var oldest = Directory.EnumerateFiles(dir.File("spool"), "*.spool").Order(StringComparer.Ordinal).First();
        var bytes = await File.ReadAllBytesAsync(oldest);
        bytes[20] ^= 0xFF;
        await File.WriteAllBytesAsync(oldest, bytes);

        var inner = new CapturingProducer();
        await using var second = new SpoolingProducer(inner, Options(dir), TimeProvider.System, NullLogger<SpoolingProducer>.Instance);
        await Poll.UntilAsync(() => inner.Produced == 5);
        Assert.Single(Directory.EnumerateFiles(dir.File("spool"), "*.corrupt"));
    }
}
