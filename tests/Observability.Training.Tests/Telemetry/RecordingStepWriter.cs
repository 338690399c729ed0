using Observability.Training.Worker.Telemetry;

namespace Observability.Training.Tests.Telemetry;

/// <summary>
/// A step-record writer that keeps what it receives and can be held shut (a shipper that cannot keep up, or a stalled
/// stdout) until the test opens it.
/// </summary>
internal sealed class RecordingStepWriter : IStepRecordWriter, IDisposable
{
    private readonly ManualResetEventSlim _open;
    private readonly Lock _gate = new();
    private readonly List<long> _steps = [];
    private long _dropped;
    private int _batches;

    public RecordingStepWriter(bool open) => _open = new ManualResetEventSlim(open);

    public IReadOnlyList<long> Steps
    {
        get
        {
            lock (_gate)
            {
                return [.. _steps];
            }
        }
    }

    public long ReportedDrops => Interlocked.Read(ref _dropped);

    /// <summary>Batches the shipper has started to hand over (including one still held at the gate).</summary>
    public int Batches => Volatile.Read(ref _batches);

    public void Open() => _open.Set();

    public void Write(ReadOnlySpan<StepRecord> batch)
    {
        Interlocked.Increment(ref _batches);
        _open.Wait(TimeSpan.FromMinutes(2));
        lock (_gate)
        {
            foreach (ref readonly var r in batch)
            {
                _steps.Add(r.Step);
            }
        }
    }

    public void ReportDropped(long records) => Interlocked.Add(ref _dropped, records);

    public void Dispose() => _open.Dispose();
}
