using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Leadership;
using Observability.Core.Transport;
using Observability.Reports.Delivery;
using Observability.Reports.Scheduling;
using Observability.Testing;
using Observability.Testing.DuckDb;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;
using Quartz;

namespace Observability.Reports.Tests.Scheduling;

/// <summary>
/// On a cluster the report schedules' last fire times are shared on the compacted <c>obs.report-schedules</c> topic
/// (librdkafka's mock cluster, a real wire-protocol broker): when the reports' lease comes back to a host whose own
/// file is older, it does not catch up (resend) a report the other leader already sent.
/// </summary>
public sealed class SharedScheduleStateTests : IClassFixture<SharedScheduleStateTests.Cluster>, IAsyncDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly MockKafkaCluster _kafka;
    private readonly Dictionary<string, TemporaryDuckDbStore> _stores = new(StringComparer.Ordinal) { ["a"] = new(), ["b"] = new() };
    private readonly TemporaryDirectory _dirs = TemporaryDirectory.Create("report-state");
    private readonly FakeTimeProvider _time = new(Utc("2026-11-20T06:00:00Z"));
    private readonly KafkaMessageProducer _producer;

    public SharedScheduleStateTests(Cluster kafka)
    {
        _kafka = kafka;
        _producer = new KafkaMessageProducer(kafka.CreateOptions("obs-report-state"));
    }

    private static DateTimeOffset Utc(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture);

    private static ReportsOptions Options() => new()
    {
        Directory = null,
        Schedules = [new() { Name = "daily", Cron = "0 0 7 * * ?", TimeZone = "UTC" }],
        CatchUpLookBack = TimeSpan.FromDays(7),
    };

    private ReportScheduleLog Log() => new(_producer, () => new KafkaMessageConsumer(_kafka.CreateOptions("obs-report-state"), MockKafkaCluster.UniqueName("replay"), [Topics.ReportSchedules]))
    {
        ReplayIdle = TimeSpan.FromSeconds(1),
    };

    /// <summary>The period ends of the reports host <paramref name="host"/> ran (each host stores what it ran in its own store).</summary>
    private List<DateTimeOffset> Ran(string host) => [.. new ReportStore(_stores[host].Store).List().Where(r => r.Name == "daily").Select(r => r.PeriodEnd)];

    /// <summary>One reports role on host <paramref name="host"/> (its own store and data directory) that holds the lease as it starts.</summary>
    private async Task<IHost> LeadAsync(string host, bool shared)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddReports(Options(), _stores[host].Store, _time, _dirs.File(host), leadership: new LocalLeaderLease("reports"), sharedState: shared ? Log() : null);
        var app = builder.Build();
        await app.StartAsync();
        // The lease's term starts in the background: wait until it acts (shared times merged, missed runs scheduled).
        var gated = app.Services.GetServices<IHostedService>().OfType<LeaderGatedService>().Single();
        await Poll.UntilAsync(() => gated.Current is ReportLeaderTerm { Started.IsCompletedSuccessfully: true }, Generous, $"{host} to lead");
        return app;
    }

    /// <summary>
    /// Host a sends the 20th's report; b takes over and sends the 21st's; a leads again on the 21st at 09:00. Its own file
    /// says 20th 07:00, so on its own it would catch up the 21st 07:00 that b already sent. Returns a, leading again.
    /// </summary>
    private async Task<IHost> FailBackAsync(bool shared)
    {
        var a = await LeadAsync("a", shared);
        _time.SetUtcNow(Utc("2026-11-20T07:00:01Z"));
        await Poll.UntilAsync(() => Ran("a").Contains(Utc("2026-11-20T07:00:00Z")), Generous, "a's report of the 20th");
        await ReportHosts.StopAsync(a);

        _time.SetUtcNow(Utc("2026-11-20T07:30:00Z"));
        var b = await LeadAsync("b", shared);
        Assert.Null(await ReportHosts.CatchUpTrigger(b));
        _time.SetUtcNow(Utc("2026-11-21T07:00:01Z"));
        await Poll.UntilAsync(() => Ran("b").Contains(Utc("2026-11-21T07:00:00Z")), Generous, "b's report of the 21st");
        await Poll.UntilAsync(() => new ReportScheduleState(_dirs.File("b"), Microsoft.Extensions.Logging.Abstractions.NullLogger<ReportScheduleState>.Instance).LastFire("daily") == Utc("2026-11-21T07:00:00Z"), Generous, "b's record");
        await ReportHosts.StopAsync(b);

        _time.SetUtcNow(Utc("2026-11-21T09:00:00Z"));
        return await LeadAsync("a", shared);
    }

    [Fact]
    public async Task A_host_that_leads_again_does_not_resend_the_report_the_other_leader_sent()
    {
        var again = await FailBackAsync(shared: true);
        Assert.Null(await ReportHosts.CatchUpTrigger(again));
        await ReportHosts.StopAsync(again); // waits for any run in progress
        Assert.Equal([Utc("2026-11-20T07:00:00Z")], Ran("a"));
        Assert.Equal([Utc("2026-11-21T07:00:00Z")], Ran("b"));
        var a = new ReportScheduleState(_dirs.File("a"), Microsoft.Extensions.Logging.Abstractions.NullLogger<ReportScheduleState>.Instance);
        Assert.Equal(Utc("2026-11-21T07:00:00Z"), a.LastFire("daily")); // merged from the topic into a's own file
    }

    [Fact]
    public async Task Without_the_shared_log_the_same_fail_back_sends_the_report_of_the_21st_a_second_time()
    {
        // The case the shared log exists for: a's stale file makes it catch up the 21st, which b already sent.
        var again = await FailBackAsync(shared: false);
        await Poll.UntilAsync(() => Ran("a").Contains(Utc("2026-11-21T07:00:00Z")), Generous, "a's catch-up of the 21st");
        await ReportHosts.StopAsync(again);
        Assert.Contains(Utc("2026-11-21T07:00:00Z"), Ran("b"));
    }

    [Fact]
    public async Task The_log_keeps_the_latest_fire_per_schedule_and_skips_what_is_not_a_time()
    {
        var log = Log();
        await log.AppendAsync("weekly", Utc("2026-11-16T07:00:00Z"), CancellationToken.None);
        await log.AppendAsync("weekly", Utc("2026-11-23T07:00:00Z"), CancellationToken.None);
        await _producer.ProduceAsync([new TransportMessage(Topics.ReportSchedules, "weekly", "not a time"u8.ToArray())], CancellationToken.None);

        var loaded = await log.LoadAsync(CancellationToken.None);

        Assert.Equal(Utc("2026-11-23T07:00:00Z"), loaded["weekly"]);
        Assert.Equal(1, log.SkippedMessages);
    }

    /// <summary>The mock cluster with the state topic created once (the mock cannot create topics through the admin API).</summary>
    public sealed class Cluster : MockKafkaCluster
    {
        public Cluster() => CreateTopic(Topics.ReportSchedules, partitions: 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _producer.DisposeAsync();
        foreach (var store in _stores.Values)
        {
            store.Dispose();
        }

        _dirs.Dispose();
    }
}
