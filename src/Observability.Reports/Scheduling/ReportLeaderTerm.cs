using Microsoft.Extensions.Hosting;

namespace Observability.Reports.Scheduling;

/// <summary>
/// What the report schedules do during one term of the reports' leader lease: open the <see cref="ReportRunGate"/>
/// and catch up the runs missed before (<see cref="ReportCatchUpService"/>); at the term's end close the gate, waiting
/// for a run in progress, so the next leader starts after it.
/// </summary>
public sealed class ReportLeaderTerm(ReportRunGate gate, ReportCatchUpService catchUp) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        gate.Open();
        await catchUp.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => gate.CloseAsync();
}
