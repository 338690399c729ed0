using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Observability.Reports.Scheduling;
using Quartz;

namespace Observability.Reports.Tests.Scheduling;

/// <summary>What the scheduling tests ask of a host running AddReports.</summary>
internal static class ReportHosts
{
    /// <summary>The one-shot catch-up trigger of <paramref name="schedule"/>, while it is scheduled (null: none, or already fired).</summary>
    public static async Task<ITrigger?> CatchUpTrigger(IHost host, string schedule = "daily") =>
        await (await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler())
            .GetTrigger(new TriggerKey(ReportCatchUpService.TriggerPrefix + schedule, ReportSchedules.Group));

    /// <summary>Stops the host (Quartz waits for a run in progress) and disposes it.</summary>
    public static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }
}
