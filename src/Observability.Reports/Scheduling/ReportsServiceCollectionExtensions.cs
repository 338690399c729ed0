using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Leadership;
using Observability.Core.Options;
using Observability.Reports.Delivery;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch.Http;
using Quartz;

namespace Observability.Reports.Scheduling;

/// <summary>
/// Registers scheduled reports: <c>services.AddReports(configuration, store, time, dataDirectory)</c> in <c>obs up</c>; with
/// an Elasticsearch connection (<c>obs up --es</c>) the reports read the documents from Elasticsearch.
/// </summary>
public static class ReportsServiceCollectionExtensions
{
    /// <summary>Binds <c>reports</c> from <paramref name="configuration"/> (nothing configured = no schedules) and adds the Quartz scheduler.</summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration, DuckDbStore store, TimeProvider time, string dataDirectory,
        ElasticsearchConnection? elasticsearch = null) =>
        services.AddReports(ObsConfiguration.Bind<ReportsOptions>(configuration, "reports"), store, time, dataDirectory, elasticsearch);

    /// <summary>
    /// As above, the schedules acting only while <paramref name="leadership"/> is held (null: always), with the fire times
    /// the lease's candidates share in <paramref name="sharedState"/> (null: this host's file only).
    /// </summary>
    public static IServiceCollection AddReports(this IServiceCollection services, IConfiguration configuration, DuckDbStore store, TimeProvider time, string dataDirectory,
        ElasticsearchConnection? elasticsearch, ILeaderLease? leadership, ReportScheduleLog? sharedState = null) =>
        services.AddReports(ObsConfiguration.Bind<ReportsOptions>(configuration, "reports"), store, time, dataDirectory, elasticsearch, leadership, sharedState);

    /// <param name="leadership">
    /// When set (a cluster), the schedules run reports only while this lease is held (see <see cref="ReportRunGate"/>,
    /// <see cref="ReportLeaderTerm"/>); null: always, as in one process.
    /// </param>
    /// <param name="sharedState">
    /// Where the lease's candidates share each schedule's last handled fire time (a compacted Kafka topic), so a new
    /// leader does not catch up a run another one sent; null: the fire times are this host's (<c>report-schedules.json</c>).
    /// </param>
    public static IServiceCollection AddReports(this IServiceCollection services, ReportsOptions options, DuckDbStore store, TimeProvider time, string dataDirectory,
        ElasticsearchConnection? elasticsearch = null, ILeaderLease? leadership = null, ReportScheduleLog? sharedState = null)
    {
        options.Validate();
        services.AddSingleton(options);
        // The back end is chosen here, once: Elasticsearch when the documents are there, else the embedded store.
        services.AddSingleton(ReportSections.Create(store, elasticsearch));
        services.AddSingleton(sp => new ReportRunner(sp.GetRequiredService<IReportSections>(), store, options.Report, time, ReportDeliveries.Configured(options,
            string.IsNullOrWhiteSpace(options.Directory) ? null : Path.Combine(dataDirectory, options.Directory), new HttpClient()),
            Logger<ReportRunner>(sp), options.DeliveryRetry()));
        if (options.Schedules.Count == 0)
        {
            return services;
        }

        services.AddQuartz(q =>
        {
            q.UseTimeProvider(time);
            q.UseInMemoryStore(s => s.MisfireThreshold = options.MisfireThreshold);
            var job = ReportSchedules.JobKey;
            q.AddJob<ReportJob>(j => j.WithIdentity(job).StoreDurably());
            foreach (var schedule in options.Schedules)
            {
                q.AddTrigger(t => t
                    .WithIdentity(schedule.Name, ReportSchedules.Group)
                    .ForJob(job)
                    .UsingJobData(ReportJob.ScheduleKey, schedule.Name)
                    .WithCronSchedule(schedule.Cron, b =>
                    {
                        b.InTimeZone(schedule.Zone());
                        b.WithMisfireInstruction(schedule.Misfire == "skip" ? CronTriggerMisfireInstruction.DoNothing : CronTriggerMisfireInstruction.FireAndProceed);
                    }));
            }
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        services.AddSingleton(sp => new ReportScheduleState(dataDirectory, Logger<ReportScheduleState>(sp), sharedState));
        services.AddSingleton(new ReportRunGate(open: leadership is null));
        ReportCatchUpService CatchUp(IServiceProvider sp) => new(sp.GetRequiredService<ISchedulerFactory>(), options,
            sp.GetRequiredService<ReportScheduleState>(), time, Logger<ReportCatchUpService>(sp));

        // After Quartz's hosted service, so the scheduler is running when the catch-up triggers are added.
        if (leadership is null)
        {
            services.AddHostedService(CatchUp);
        }
        else
        {
            // Stops before Quartz: a run in progress finishes before the lease is handed on.
            // Not AddHostedService: it keeps one service per implementation type, and the scheduler has a LeaderGatedService too.
            services.AddSingleton<IHostedService>(sp => new LeaderGatedService(leadership, () => new ReportLeaderTerm(sp.GetRequiredService<ReportScheduleState>(), sp.GetRequiredService<ReportRunGate>(), CatchUp(sp)),
                Logger<LeaderGatedService>(sp)));
        }
        return services;
    }

    private static ILogger<T> Logger<T>(IServiceProvider sp) => sp.GetService<ILoggerFactory>()?.CreateLogger<T>() ?? NullLogger<T>.Instance;
}
