namespace Observability.Reports.Scheduling;

/// <summary>
/// Lets scheduled report runs through only while this process holds the reports' leader lease. Quartz fires on every
/// candidate; <see cref="ReportJob"/> enters the gate and a closed gate skips the run. Closing waits for the runs inside,
/// so a report being sent is finished (and its fire time recorded) before the lease is handed on. Open from the start
/// when there is no lease (one process).
/// </summary>
public sealed class ReportRunGate(bool open = true)
{
    private readonly Lock _lock = new();
    private bool _open = open;
    private int _running;
    private TaskCompletionSource? _drained;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _open;
            }
        }
    }

    /// <summary>A pass for one run, or null when the gate is closed (this process is not the leader).</summary>
    public IDisposable? TryEnter()
    {
        lock (_lock)
        {
            if (!_open)
            {
                return null;
            }

            _running++;
            return new Pass(this);
        }
    }

    public void Open()
    {
        lock (_lock)
        {
            _open = true;
        }
    }

    /// <summary>Closes the gate; completes when no run is inside any more.</summary>
    public Task CloseAsync()
    {
        lock (_lock)
        {
            _open = false;
            if (_running == 0)
            {
                return Task.CompletedTask;
            }

            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    private void Leave()
    {
        lock (_lock)
        {
            if (--_running == 0 && _drained is { } drained)
            {
                _drained = null;
                drained.TrySetResult();
            }
        }
    }

    private sealed class Pass(ReportRunGate gate) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                gate.Leave();
            }
        }
    }
}
