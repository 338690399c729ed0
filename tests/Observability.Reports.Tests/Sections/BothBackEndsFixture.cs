using System.Text.Json.Nodes;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Reports.Model;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;
using Observability.Testing.DuckDb;
using Observability.Testing.Elasticsearch;

namespace Observability.Reports.Tests.Sections;

/// <summary>
/// The documents of <see cref="ReportSectionsParityTests"/>, written once per test class to a real DuckDB file and,
/// through the bulk writer, to the fake Elasticsearch; dead letters only to DuckDB, where the indexer keeps them.
/// </summary>
public sealed class BothBackEndsFixture : IAsyncLifetime, IDisposable
{
    public static readonly ReportPeriod Period = ReportPeriod.Ending(new DateTimeOffset(2026, 11, 26, 7, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(24));

    public TemporaryDuckDbStore Db { get; } = new();

    public FakeElasticsearch Es { get; private set; } = null!;

    public ElasticsearchStore Store { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Es = await FakeElasticsearch.StartAsync();
        var options = new ElasticsearchOptions { MaxBatchDocuments = 500 };
        options.Urls.Add(Es.Url);
        Store = ElasticsearchStore.Create(options, translateKql: _ => new JsonObject { ["match_all"] = new JsonObject() });
        var docs = Fleet();
        await new DuckDbWriter(Db.Store, TimeProvider.System).WriteAsync(docs, CancellationToken.None);
        // Dead letters stay in the embedded store in both modes.
        await new DuckDbDeadLetterWriter(Db.Store).WriteAsync(
            [.. Enumerable.Range(0, 9).Select(i => new DeadLetter($"dl-{i}", Period.Start.AddHours((i * 5) - 20), "obs.logs", i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 3 == 0 ? "invalid JSON" : "too large", new byte[] { 1 }))],
            CancellationToken.None);
        var result = await Store.Writer.WriteAsync(docs, CancellationToken.None);
        Assert.Equal((docs.Count, 0), (result.Written, result.Rejected.Count));
    }

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await Es.DisposeAsync();
    }

    public void Dispose() => Db.Dispose();

    /// <summary>
    /// Six hosts over both periods, every 5 minutes, timestamps and lags in whole ms: h0/h1 throughout, h2 only in the previous
    /// period, h3 new in this one, h4 silent for the last 2 hours, h5 with logs only and no event.ingested.
    /// </summary>
    private static readonly string[] Messages = ["NCCL timeout", "CUDA error: out of memory", "disk full", "connection refused", "XID 79 fallen off the bus", "checkpoint failed"];

    private static List<EcsDocument> Fleet()
    {
        var rnd = new Random(4);
        var docs = new List<EcsDocument>();
        for (var host = 0; host < 6; host++)
        {
            for (var t = Period.Previous.Start.AddSeconds(host); t < Period.End; t = t.AddMinutes(5))
            {
                if ((host == 2 && t >= Period.Start) || (host == 3 && t < Period.Start) || (host == 4 && t >= Period.End.AddHours(-2)))
                {
                    continue;
                }

                foreach (var type in host == 5 ? new[] { "logs" } : ["logs", "metrics"])
                {
                    var ts = t.AddMilliseconds(rnd.Next(60_000));
                    var d = Doc(host, type, type == "logs" ? "app" : "system.cpu", ts);
                    d.Message = "m";
                    if (type == "logs")
                    {
                        // Levels in several spellings; errors with and without a mined pattern id, some only in one period.
                        var kind = rnd.Next(10);
                        d.Set(EcsFields.LogLevel, kind switch { 0 => "ERROR", 1 => "error", 2 => "Fatal", 3 => "warn", _ => "info" });
                        d.Message = kind < 3 ? Messages[rnd.Next(t < Period.Start ? 4 : Messages.Length)] + $" on h{host}" : "ok";
                        if (kind == 1 && host % 2 == 0)
                        {
                            d.Set("log.pattern.id", $"p{host}");
                        }
                    }

                    if (host != 5)
                    {
                        d.Set(EcsFields.EventIngested, ts.AddMilliseconds(host == 1 ? rnd.Next(100, 900_000) : rnd.Next(100, 5_000)));
                    }

                    docs.Add(d);
                }
            }
        }

        // Agent self-monitoring of h0 and h1 (h0 drops events now and then), and training spans.
        for (var t = Period.Previous.Start; t < Period.End; t = t.AddMinutes(5))
        {
            for (var host = 0; host < 2; host++)
            {
                var d = Doc(host, "metrics", "agent.monitoring", t.AddSeconds(30));
                d.Set("agent.monitoring.events.dropped", host == 0 ? (long)((t - Period.Previous.Start).TotalHours / 7) : 0L);
                docs.Add(d);
            }

            if (t.Minute % 30 == 0)
            {
                docs.Add(Doc(0, "traces", "training", t.AddSeconds(45)));
            }

            // Two GPUs on h0 and h1; GPU-1-1 is away for an hour (a gap longer than the max sample gap) and its ECC counter rises.
            for (var g = 0; g < 4; g++)
            {
                var gpu = $"GPU-{g / 2}-{g % 2}";
                if (gpu == "GPU-1-1" && t >= Period.Start.AddHours(3) && t < Period.Start.AddHours(4))
                {
                    continue;
                }

                var d = Doc(g / 2, "metrics", "gpu.device", t.AddMilliseconds(rnd.Next(1000)));
                d.Set("gpu.uuid", gpu);
                d.Id = EventIds.FromParts(d.Id!, gpu); // two GPUs of a host may sample in the same millisecond
                if (rnd.Next(50) > 0)
                {
                    // As the agent sends it: a 0–1 ratio in hundredths (NVML's whole percent / 100), some on a bucket bound.
                    d.Set("gpu.utilization.gpu.pct", rnd.Next(5) == 0 ? rnd.Next(5) / 100.0 : rnd.Next(101) / 100.0);
                }

                d.Set("gpu.temperature.celsius", (double)(40 + rnd.Next(50)));
                d.Set("gpu.throttle.mask", new long[] { 0, 0, 0, 1, 4, 64 }[rnd.Next(6)]);
                d.Set("gpu.ecc.uncorrected.total", gpu == "GPU-1-1" && t > Period.Start.AddHours(10) ? 2L : 0L);
                docs.Add(d);
            }

            if (rnd.Next(40) == 0)
            {
                var x = Doc(0, "metrics", "gpu.xid", t.AddSeconds(20));
                x.Set("gpu.uuid", "GPU-0-0");
                x.Set("gpu.xid.code", rnd.Next(3) == 0 ? null : rnd.Next(2) == 0 ? 79L : 48L);
                docs.Add(x);
            }
        }

        // Training: 12 jobs across both periods, 4 ranks each; a job's outcome is its latest-ending rank's; every third job
        // slows down in its second half.
        for (var j = 0; j < 12; j++)
        {
            var start = Period.Previous.Start.AddHours(2 + (j * 3.7)).AddMilliseconds(rnd.Next(1000));
            var wait = Doc(0, "traces", "training", start.AddMinutes(-5));
            wait.Set("span.name", "train.job.queue_wait");
            wait.Set("training.job.id", $"job-{j}");
            wait.Set("event.duration", (long)rnd.Next(1, 600) * 1_000_000_000L);
            docs.Add(wait);
            for (var r = 0; r < 4; r++)
            {
                var run = Doc(0, "traces", "training", start.AddMilliseconds(r));
                run.Id = EventIds.FromParts(run.Id!, "rank", r.ToString(System.Globalization.CultureInfo.InvariantCulture));
                run.Set("span.name", "train.rank.run");
                run.Set("training.job.id", $"job-{j}");
                run.Set("event.duration", (long)rnd.Next(600, 7200) * 1_000_000_000L);
                run.Set("event.outcome", rnd.Next(3) == 0 ? "failure" : "success");
                docs.Add(run);
            }

            for (var k = 0; k < 10; k++)
            {
                var m = Doc(0, "metrics", "training", start.AddMinutes(k + 1));
                m.Id = EventIds.FromParts(m.Id!, "job", j.ToString(System.Globalization.CultureInfo.InvariantCulture));
                m.Set("training.job.id", $"job-{j}");
                m.Set("training.samples_per_second", 1000.0 + rnd.Next(500));
                // As the worker writes a step: training.step beside training.step.duration_ms (StepTelemetryWriter).
                m.Set("training.step", (long)k);
                m.Set("training.step.duration_ms", (j % 3 == 0 && k >= 5 ? 180.0 : 120.0) + rnd.Next(10));
                docs.Add(m);
            }
        }

        return docs;
    }

    private static EcsDocument Doc(int host, string type, string dataset, DateTimeOffset ts)
    {
        var d = new EcsDocument { Id = EventIds.FromParts("fleet", host.ToString(System.Globalization.CultureInfo.InvariantCulture), type, dataset, ts.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)), Timestamp = ts };
        d.Set(EcsFields.HostName, $"h{host}");
        d.Set(EcsFields.DataStreamType, type);
        d.Set(EcsFields.DataStreamDataset, dataset);
        d.Set(EcsFields.DataStreamNamespace, "default");
        d.Set(EcsFields.EventDataset, dataset);
        return d;
    }

}
