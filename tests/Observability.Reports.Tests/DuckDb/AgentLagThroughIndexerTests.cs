using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Indexer;
using Observability.Reports.DuckDb;
using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Reports.Tests.Seed;
using Observability.Storage.DuckDb;
using Observability.Testing.DuckDb;
using Observability.Transport.InProcess;

namespace Observability.Reports.Tests.Queries;

/// <summary>
/// Agent lag end to end: logs and metrics go through the real indexer (which stamps <c>event.ingested</c> from its clock)
/// into a real DuckDB store, and the report's p50/p95 equal the lags the test computes from what it sent and when.
/// </summary>
public sealed class AgentLagThroughIndexerTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 26, 7, 0, 0, TimeSpan.Zero);
    private static readonly ReportPeriod Period = ReportPeriod.Ending(End, TimeSpan.FromHours(24));

    [Fact]
    public async Task Lag_percentiles_equal_ingest_time_minus_timestamp_computed_from_what_was_sent()
    {
        using var db = new TemporaryDuckDbStore();
        var time = new FakeTimeProvider(Period.Previous.Start);
        var transport = new InProcessTransport();
        var indexer = new IndexerService(transport.CreateConsumer([.. IndexerOptions.DefaultTopics]), new DuckDbWriter(db.Store, time),
            new DuckDbDeadLetterWriter(db.Store), null, new IndexerOptions { MaxWaitMs = 10 }, time, NullLogger<IndexerService>.Instance);
        await indexer.StartAsync(CancellationToken.None);
        await using var producer = transport.CreateProducer();

        var rnd = new Random(9);
        var sent = new List<(DateTimeOffset Ts, double LagSeconds)>();
        var n = 0;
        // 40 batches spread over both periods; each batch is stored at the clock's time when it is sent.
        for (var b = 0; b < 40; b++)
        {
            var ingestAt = Period.Previous.Start.AddMinutes(30 + (b * 70) + rnd.Next(30)).AddMilliseconds(rnd.Next(1000));
            time.SetUtcNow(ingestAt);
            var messages = new List<TransportMessage>();
            for (var i = 0; i < 25; i++)
            {
                // A whole number of ms, so the expected lag is exact (the store keeps µs, the indexer stamps whole ms).
                var lagMs = b % 7 == 0 ? rnd.Next(60_000, 600_000) : rnd.Next(50, 5_000);
                var doc = new EcsDocument { Id = EventIds.From("lag-test", n++), Timestamp = ingestAt.AddMilliseconds(-lagMs), Message = "x" };
                doc.Set(EcsFields.HostName, $"node-{i % 4}");
                messages.Add(new TransportMessage(i % 2 == 0 ? Topics.Logs : Topics.Metrics, $"node-{i % 4}", EcsJson.ToUtf8(doc)));
                sent.Add((doc.Timestamp!.Value, lagMs / 1000.0));
            }

            await producer.ProduceAsync(messages, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        }

        await indexer.StopAsync(CancellationToken.None);
        var report = await new HealthReportBuilder(new DuckDbReportSections(db.Store), time).BuildAsync("lag", Period, new ReportOptions());

        var current = sent.Where(s => s.Ts.In(Period)).Select(s => s.LagSeconds).ToList();
        var previous = sent.Where(s => s.Ts.In(Period.Previous)).Select(s => s.LagSeconds).ToList();
        Assert.True(current.Count > 100 && previous.Count > 100, $"both periods need data: {current.Count}, {previous.Count}");
        Assert.Equal(Stats.Quantile(current, 0.5)!.Value, report.Fleet.AgentLagP50Seconds.Current!.Value, precision: 6);
        Assert.Equal(Stats.Quantile(current, 0.95)!.Value, report.Fleet.AgentLagP95Seconds.Current!.Value, precision: 6);
        Assert.Equal(Stats.Quantile(previous, 0.5)!.Value, report.Fleet.AgentLagP50Seconds.Previous!.Value, precision: 6);
        Assert.Equal(Stats.Quantile(previous, 0.95)!.Value, report.Fleet.AgentLagP95Seconds.Previous!.Value, precision: 6);
    }
}
