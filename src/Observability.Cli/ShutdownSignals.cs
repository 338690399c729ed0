using System.Runtime.InteropServices;

namespace Observability.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for every obs command: the first one cancels the command's token, and the command stops
/// cleanly however long that takes (obs up drains its indexer, the agent saves its checkpoints); a second one quits
/// at once, as Vector and Docker do. System.CommandLine's own handling is turned off because it ends the process two
/// seconds after the first signal, in the middle of a drain, and throws on a second signal.
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public ShutdownSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) == 1)
        {
            context.Cancel = true; // keep running: the command stops on its token
            Console.Error.WriteLine($"obs: {context.Signal} received, stopping cleanly (send it again to quit at once)");
            _stop.Cancel();
            return;
        }

        // The default action ends the process now. Nothing acknowledged is lost: unacknowledged data is read again on
        // the next start, and duplicates are removed by event id.
        Console.Error.WriteLine($"obs: second {context.Signal}, quitting without waiting");
        context.Cancel = false;
    }
}
