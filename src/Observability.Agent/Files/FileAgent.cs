using Microsoft.Extensions.Logging;
using Observability.Core.Transport;

namespace Observability.Agent.Files;

/// <summary>
/// The file input: discovers files by glob, follows them through rotation and truncation, turns lines into ECS
/// log events and produces them in batches, several in flight. A file's checkpoint moves only when every batch
/// holding its events up to that offset was acknowledged by the producer, in order.
/// </summary>
public sealed partial class FileAgent : IAsyncDisposable
{
    private static readonly TimeSpan IdleWaitMin = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan IdleWaitMax = TimeSpan.FromMilliseconds(100);

    private readonly FileInputOptions _options;
    private readonly IMessageProducer _producer;
    private readonly TimeProvider _time;
    private readonly ILogger<FileAgent> _logger;
    private readonly FileDiscovery _discovery;
    private readonly LogEventEncoder _encoder;
    private readonly (Glob Glob, LogEventEncoder Encoder)[] _datasetEncoders;
    private readonly RejectedBatchSettler _rejected;
    private readonly Queue<InFlightBatch> _inFlight = new();
    private readonly Stack<EventBatch> _freeBatches = new();
    private readonly CancellationTokenSource _sendCts = new();
    private CheckpointStore? _checkpoints;
    private DateTimeOffset? _unsavedSince;
    private ReadContext? _ctx;
    private int _running;

    public FileAgent(FileInputOptions options, IMessageProducer producer, TimeProvider time, ILogger<FileAgent> logger)
    {
        options.Validate();
        _options = options;
        _producer = producer;
        _time = time;
        _logger = logger;
        _discovery = new FileDiscovery(options.Include.Concat(options.Datasets.Select(d => d.Glob)), options.Exclude);
        _encoder = new LogEventEncoder(options.HostName, options.Dataset, options.Namespace, options.ServiceName);
        var byDataset = new Dictionary<string, LogEventEncoder>(StringComparer.Ordinal) { [options.Dataset] = _encoder };
        _datasetEncoders = [.. options.Datasets.Select(d => (new Glob(d.Glob),
            byDataset.TryGetValue(d.Dataset, out var e) ? e : byDataset[d.Dataset] = new LogEventEncoder(options.HostName, d.Dataset, options.Namespace, options.ServiceName)))];
        _rejected = new RejectedBatchSettler(producer, options.DeadLetterTopic, time, logger);
    }

    /// <summary>The encoder (and so the dataset) of a newly found file: the first dataset glob that matches, else the default.</summary>
    private LogEventEncoder EncoderFor(string path)
    {
        foreach (var (glob, encoder) in _datasetEncoders)
        {
            if (glob.IsMatch(path))
            {
                return encoder;
            }
        }

        return _encoder;
    }

    /// <summary>Per-file progress (path, size, read and acknowledged offsets), for status lines and the agent's own metrics.</summary>
    public IReadOnlyList<FileProgress> Files
    {
        get
        {
            lock (_tailersLock)
            {
                return [.. _tailers.Values.Select(t => new FileProgress(t.Path, t.Id, t.Size, t.ReadOffset, t.AckedOffset, t.RemovedAt is not null))];
            }
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then waits (up to <c>ShutdownTimeout</c>) for batches in flight and saves checkpoints.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) != 0)
        {
            throw new InvalidOperationException("FileAgent.RunAsync may run only once");
        }

        _checkpoints = new CheckpointStore(_options.CheckpointDirectory, _time, _logger);
        _ctx = new ReadContext(_options, Telemetry) { Batch = NewBatch() };
        _logger.LogInformation("File input started: {Include} (checkpoints in {CheckpointFile}, {Known} known files)",
            _options.DescribeInputs(), _checkpoints.FilePath, _checkpoints.Count);
        RecoverUnfinished(_time.GetUtcNow());
        var nextScan = DateTimeOffset.MinValue;
        var nextSave = _time.GetUtcNow() + _options.CheckpointInterval;
        var idle = IdleWaitMin;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = _time.GetUtcNow();
                _ctx.SetNow(now);
                if (now >= nextScan)
                {
                    try
                    {
                        Scan(now);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // Never die on what the file system shows us after start-up: count, log, scan again later.
                        Count("read_errors");
                        _logger.LogError(ex, "Scanning {Include} failed; retrying at the next scan", string.Join(", ", _options.Include));
                    }

                    nextScan = now + _options.ScanInterval;
                }

                var progressed = await ReadPassAsync(now, cancellationToken);
                if (!_ctx.Batch.IsEmpty)
                {
                    await DispatchAsync(cancellationToken);
                }

                await CompleteFinishedAsync(waitForOne: false, cancellationToken);
                if (now >= nextSave || CheckpointDue())
                {
                    SaveCheckpoints();
                    nextSave = now + _options.CheckpointInterval;
                }

                if (progressed)
                {
                    idle = IdleWaitMin;
                    continue;
                }

                await IdleAsync(idle, cancellationToken);
                idle = TimeSpan.FromTicks(Math.Min(idle.Ticks * 2, IdleWaitMax.Ticks));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            await ShutdownAsync();
        }
    }

    private async Task<bool> ReadPassAsync(DateTimeOffset now, CancellationToken ct)
    {
        var ctx = _ctx!;
        var progressed = false;
        foreach (var t in ActiveTailers())
        {
            for (var chunk = 0; chunk < 64 && !ct.IsCancellationRequested; chunk++)
            {
                ReadResult r;
                try
                {
                    r = t.Read(ctx);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The handle is closed; the next scan reopens the file at the offset reached (nothing is skipped).
                    Count("read_errors");
                    _logger.LogError(ex, "Reading {Path} at offset {Offset} failed; will reopen it", t.Path, t.ReadOffset);
                    if (ctx.Window.Owner == t)
                    {
                        ctx.Window.Invalidate();
                    }

                    t.Close();
                    RefreshActive();
                    break;
                }

                if (ctx.BatchFull)
                {
                    await DispatchAsync(ct);
                }

                if (r == ReadResult.Truncated)
                {
                    OnTruncated(t, now);
                    break;
                }

                if (r != ReadResult.Data)
                {
                    break;
                }

                progressed = true;
            }

            if (t.HasPendingMultiline && now - t.PendingSince >= _options.Multiline!.FlushTimeout)
            {
                t.FlushMultiline(ctx);
            }

            await ReleaseIfDoneAsync(t, now, ct);
        }

        return progressed;
    }

    private async Task IdleAsync(TimeSpan wait, CancellationToken ct)
    {
        if (_inFlight.Count > 0)
        {
            var head = _inFlight.Peek().Send;
            await Task.WhenAny(head, Task.Delay(wait, _time, ct));
        }
        else
        {
            await Task.Delay(wait, _time, ct);
        }
    }

    /// <summary>
    /// Whether the oldest acknowledgement not yet on disk is <c>CheckpointInterval</c> old: checked wherever the loop
    /// applies acknowledgements (also while it waits for the producer), so a crash re-ships at most about that much.
    /// </summary>
    private bool CheckpointDue() => _unsavedSince is { } since && _time.GetUtcNow() - since >= _options.CheckpointInterval;

    private void SaveCheckpoints()
    {
        try
        {
            _checkpoints!.Save();
            _unsavedSince = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(ex, "Saving checkpoints to {Path} failed; will retry", _checkpoints!.FilePath);
        }

        long behind = 0;
        lock (_tailersLock)
        {
            foreach (var t in _tailers.Values)
            {
                behind += Math.Max(0, t.Size - t.AckedOffset);
            }
        }

        Level("bytes_behind", behind);
    }

    private async Task ShutdownAsync()
    {
        using var deadline = new CancellationTokenSource(_options.ShutdownTimeout);
        try
        {
            if (_ctx is { Batch.IsEmpty: false })
            {
                await DispatchAsync(deadline.Token);
            }

            await Task.WhenAny(Task.WhenAll(_inFlight.Select(f => f.Send)), Task.Delay(_options.ShutdownTimeout, _time, CancellationToken.None));
            await CompleteFinishedAsync(waitForOne: false, deadline.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TransportException)
        {
        }

        if (_inFlight.Count > 0)
        {
            _logger.LogWarning("{Count} batches not acknowledged at shutdown; their lines will be read again on the next start", _inFlight.Count);
        }

        await _sendCts.CancelAsync();
        if (_checkpoints is not null)
        {
            SaveCheckpoints();
        }

        lock (_tailersLock)
        {
            foreach (var t in _tailers.Values)
            {
                t.Dispose();
            }
        }

        Level("files_open", 0);
        _logger.LogInformation("File input stopped: {Stats}", Telemetry);
    }

    public ValueTask DisposeAsync()
    {
        _sendCts.Cancel();
        _sendCts.Dispose();
        Telemetry.Dispose();
        lock (_tailersLock)
        {
            foreach (var t in _tailers.Values)
            {
                t.Dispose();
            }
        }

        return ValueTask.CompletedTask;
    }
}
