using Microsoft.Extensions.Hosting;

namespace Observability.Reports.Scheduling;

/// <summary>
/// What the report schedules do during one term of the reports' leader lease: take in the fire times the previous
/// leaders recorded (<see cref="ReportScheduleState.SyncAsync"/>), open the <see cref="ReportRunGate"/> and catch up the
/// runs missed before (<see cref="ReportCatchUpService"/>); at the term's end close the gate, waiting for a run in
/// progress, so the next leader starts after it.
/// </summary>
public sealed class ReportLeaderTerm(ReportScheduleState state, ReportRunGate gate, ReportCatchUpService catchUp) : IHostedService
{
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once this term acts: the shared fire times merged, the gate open and missed runs scheduled.</summary>
    public Task Started => _started.Task;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await state.SyncAsync(cancellationToken);
        gate.Open();
        await catchUp.StartAsync(cancellationToken);
        _started.TrySetResult();
    }

    public Task StopAsync(CancellationToken cancellationToken) => gate.CloseAsync();
}
