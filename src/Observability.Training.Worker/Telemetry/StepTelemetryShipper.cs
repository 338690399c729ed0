namespace Observability.Training.Worker.Telemetry;

/// <summary>
/// Moves per-step telemetry off the training thread: the loop calls <see cref="Record"/> (a struct copy into
/// <see cref="StepRecordRing"/>), and a dedicated background thread drains the ring every
/// <see cref="StepTelemetryOptions.FlushInterval"/> (or when it is half full) and hands the records to an
/// <see cref="IStepRecordWriter"/> in batches. <see cref="Complete"/> drains what is left at the end of the run.
/// </summary>
internal sealed class StepTelemetryShipper : IDisposable
{
    private readonly StepRecordRing _ring;
    private readonly IStepRecordWriter _writer;
    private readonly StepTelemetryOptions _options;
    private readonly Thread _thread;
    private long _shipped;
    private long _failedBatches;
    private long _failedRecords;
    private long _reportedDrops;
    private bool _completed;

    public StepTelemetryShipper(StepTelemetryOptions options, IStepRecordWriter writer)
    {
        options.Validate();
        _options = options;
        _writer = writer;
        _ring = new StepRecordRing(options.Capacity, options.MaxBlock);
        _thread = new Thread(Ship) { IsBackground = true, Name = "step-telemetry" };
        _thread.UnsafeStart(); // no ExecutionContext flow: spans get their parent from each record, not Activity.Current
    }

    public StepRecordRing Ring => _ring;

    /// <summary>Records handed to the writer (including any in a batch the writer failed on).</summary>
    public long Shipped => Interlocked.Read(ref _shipped);

    public long FailedBatches => Interlocked.Read(ref _failedBatches);

    /// <summary>Records in batches the writer threw on: lost, and counted here.</summary>
    public long FailedRecords => Interlocked.Read(ref _failedRecords);

    /// <summary>Records that did not reach the writer intact: dropped by the ring, or in a failed batch.</summary>
    public long Lost => _ring.Dropped + FailedRecords;

    /// <summary>Training thread: hands over one step's figures. False when the record was dropped (counted).</summary>
    public bool Record(in StepRecord record) => _ring.Write(record);

    /// <summary>
    /// Ends the stream and waits up to <see cref="StepTelemetryOptions.DrainTimeout"/> for the writer to receive every
    /// record. False when the shipper did not finish in time; what was left is then counted as dropped.
    /// </summary>
    public bool Complete()
    {
        if (_completed)
        {
            return true;
        }

        _completed = true;
        _ring.Complete();
        if (_thread.Join(_options.DrainTimeout))
        {
            return true;
        }

        _ring.Abandon();
        return false;
    }

    public void Dispose() => Complete();

    private void Ship()
    {
        var batch = new StepRecord[_options.BatchSize];
        bool drained;
        do
        {
            var n = _ring.Take(batch, _options.FlushInterval, out drained);
            if (n > 0)
            {
                try
                {
                    _writer.Write(batch.AsSpan(0, n));
                }
                catch (Exception)
                {
                    // Telemetry must never take the rank down: a failed batch is counted and shipping goes on.
                    Interlocked.Increment(ref _failedBatches);
                    Interlocked.Add(ref _failedRecords, n);
                }

                Interlocked.Add(ref _shipped, n);
            }

            ReportDrops();
        }
        while (!drained);
    }

    private void ReportDrops()
    {
        var dropped = _ring.Dropped;
        if (dropped == _reportedDrops)
        {
            return;
        }

        try
        {
            _writer.ReportDropped(dropped - _reportedDrops);
            _reportedDrops = dropped;
        }
        catch (Exception)
        {
            // Reported again after the next batch.
            Interlocked.Increment(ref _failedBatches);
        }
    }
}
