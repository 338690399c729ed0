using Observability.Core.Options;
using Observability.Training.Worker.Telemetry;

namespace Observability.Training.Tests.Telemetry;

public sealed class StepTelemetryShipperTests
{
    [Fact]
    public async Task ABurstOfStepsFasterThanTheShipperWaitsForRoomAndLosesNoStepRecord()
    {
        // The writer is held shut, so the shipper cannot keep up at all: the burst fills the 64-slot ring and the
        // training thread must wait for room (back-pressure) rather than drop. MaxBlock is generous: only a shipper
        // that makes no progress at all for that long is given up on.
        var options = new StepTelemetryOptions { Capacity = 64, BatchSize = 16, FlushInterval = TimeSpan.FromMilliseconds(5), MaxBlock = TimeSpan.FromMinutes(1) };
        using var writer = new RecordingStepWriter(open: false);
        using var shipper = new StepTelemetryShipper(options, writer);
        const int Burst = 64 * 20;

        var accepted = 0;
        var producer = Task.Run(() =>
        {
            for (var step = 0; step < Burst; step++)
            {
                accepted += shipper.Record(new StepRecord { Step = step, StepMs = 1 }) ? 1 : 0;
            }
        });

        await PollAsync(() => shipper.Ring.Waits > 0, "the producer never found the ring full");
        Assert.False(producer.IsCompleted, "the burst finished while the shipper was shut: it cannot have waited for room");
        writer.Open();
        await producer.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(shipper.Complete());

        Assert.Equal(Burst, accepted);
        Assert.Equal(Enumerable.Range(0, Burst).Select(i => (long)i), writer.Steps); // every record, once, in step order
        Assert.Equal(0, shipper.Ring.Dropped);
        Assert.Equal(0, shipper.Lost);
        Assert.Equal(0, writer.ReportedDrops);
        Assert.True(writer.Batches > 1);
    }

    [Fact]
    public async Task AStalledShipperCostsTheLoopOneBoundedWaitThenDropsAreCountedAndReported()
    {
        var options = new StepTelemetryOptions { Capacity = 64, BatchSize = 16, FlushInterval = TimeSpan.FromMilliseconds(5), MaxBlock = TimeSpan.FromMilliseconds(50) };
        using var writer = new RecordingStepWriter(open: false);
        using var shipper = new StepTelemetryShipper(options, writer);

        // The shipper takes step 0 and stalls in its writer (a stdout nobody reads).
        Assert.True(shipper.Record(new StepRecord { Step = 0 }));
        await PollAsync(() => writer.Batches == 1, "the shipper never took the first record");

        // The ring fills (64 more), the loop waits once (up to MaxBlock), then drops without waiting: the remaining 499
        // steps do not each cost a wait. (This loop finishing is the point; no timing is asserted.)
        var refused = 0;
        for (var step = 1; step < 1 + 64 + 499; step++)
        {
            refused += shipper.Record(new StepRecord { Step = step }) ? 0 : 1;
        }

        Assert.Equal(1, shipper.Ring.Waits);
        Assert.Equal(499, refused);
        Assert.Equal(refused, shipper.Ring.Dropped);
        Assert.Equal(1 + 64, shipper.Ring.Written);

        writer.Open();
        Assert.True(shipper.Complete());
        Assert.Equal(shipper.Ring.Written, writer.Steps.Count); // everything accepted was shipped
        Assert.Equal(refused, writer.ReportedDrops); // and the loss is visible (the training.telemetry.dropped counter)
        Assert.Equal(refused, shipper.Lost);
    }

    [Fact]
    public void AWriterThatThrowsLosesItsBatchCountedAndShippingGoesOn()
    {
        var writer = new ThrowingOnceWriter();
        using var shipper = new StepTelemetryShipper(new StepTelemetryOptions { Capacity = 8, BatchSize = 8, MaxBlock = TimeSpan.FromMinutes(1) }, writer);
        for (var step = 0; step < 100; step++)
        {
            Assert.True(shipper.Record(new StepRecord { Step = step }));
        }

        Assert.True(shipper.Complete());
        Assert.Equal(1, shipper.FailedBatches);
        Assert.Equal(100, shipper.Shipped);
        Assert.Equal(100 - shipper.FailedRecords, writer.Received);
        Assert.Equal(shipper.FailedRecords, shipper.Lost);
        Assert.InRange(shipper.FailedRecords, 1, 8);
    }

    [Fact]
    public void BadOptionsAreRefusedNamingTheKey()
    {
        Assert.Equal("StepTelemetryOptions.Capacity", Assert.Throws<ObsConfigException>(() => new StepTelemetryOptions { Capacity = 1 }.Validate()).Key);
        Assert.Equal("StepTelemetryOptions.BatchSize", Assert.Throws<ObsConfigException>(() => new StepTelemetryOptions { Capacity = 8, BatchSize = 9 }.Validate()).Key);
        Assert.Equal("StepTelemetryOptions.FlushInterval", Assert.Throws<ObsConfigException>(() => new StepTelemetryOptions { FlushInterval = TimeSpan.Zero }.Validate()).Key);
        Assert.Equal("StepTelemetryOptions.MaxBlock", Assert.Throws<ObsConfigException>(() => new StepTelemetryOptions { MaxBlock = TimeSpan.FromSeconds(-1) }.Validate()).Key);
    }

    private static async Task PollAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(5);
        }
    }

    private sealed class ThrowingOnceWriter : IStepRecordWriter
    {
        private int _calls;

        public long Received { get; private set; }

        public void Write(ReadOnlySpan<StepRecord> batch)
        {
            if (++_calls == 1)
            {
                throw new IOException("stdout closed");
            }

            Received += batch.Length;
        }

        public void ReportDropped(long records)
        {
        }
    }
}
