using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Reports.Model;
using Observability.Storage.DuckDb;

namespace Observability.Reports.Tests.Seed;

/// <summary>
/// A small random cluster over two report periods, kept as plain C# lists (what the tests compute their expectations
/// from) and written through the real <see cref="DuckDbWriter"/> into a real DuckDB file (what the report reads).
/// </summary>
public sealed class SeededCluster
{
    public static readonly DateTimeOffset End = new(2026, 11, 26, 6, 0, 0, TimeSpan.Zero);

    public static readonly ReportPeriod Period = ReportPeriod.Ending(End, TimeSpan.FromHours(24));

    public List<GpuSample> Gpu { get; } = [];

    public List<(string Host, string Gpu, DateTimeOffset Ts, long Code)> Xids { get; } = [];

    public List<(string Host, DateTimeOffset Ts, string Level, string Message, string? PatternId)> Logs { get; } = [];

    public List<(string Host, DateTimeOffset Ts, long Dropped)> AgentStats { get; } = [];

    public List<(string Job, DateTimeOffset Ts, long DurationNs, string Outcome)> RankRuns { get; } = [];

    public List<(string Job, DateTimeOffset Ts, long DurationNs)> QueueWaits { get; } = [];

    public List<(string Job, DateTimeOffset Ts, double Sps, double StepMs)> TrainingMetrics { get; } = [];

    public List<(string Name, DateTimeOffset Starts, DateTimeOffset? Ends, string? Detector, string? Kind)> Alerts { get; } = [];

    public List<DateTimeOffset> Silences { get; } = [];

    public List<(DateTimeOffset Ts, string Reason)> DeadLetters { get; } = [];

    public sealed record GpuSample(string Host, string Gpu, DateTimeOffset Ts, double UtilRatio, double Temp, long Throttle, long Ecc, double LagSeconds);

    /// <summary>Hosts: h0–h3 report throughout; h4 only in the previous period; h5 stops 5 h before the end; h6 is new in this period.</summary>
    public static SeededCluster Generate(int seed = 42)
    {
        var c = new SeededCluster();
        var rnd = new Random(seed);
        var start = Period.Previous.Start;
        string[] hosts = ["h0", "h1", "h2", "h3", "h4", "h5", "h6"];
        for (var t = start; t < End; t += TimeSpan.FromMinutes(10))
        {
            foreach (var host in hosts)
            {
                if ((host == "h4" && t >= Period.Start) || (host == "h5" && t >= End - TimeSpan.FromHours(5)) || (host == "h6" && t < Period.Start))
                {
                    continue;
                }

                for (var g = 0; g < 2; g++)
                {
                    // As the agent sends it (GpuMetrics): a 0–1 ratio; a quarter of the samples idle (below 5 %).
                    var util = rnd.Next(4) == 0 ? rnd.Next(5) / 100.0 : Math.Round(rnd.NextDouble(), 3);
                    long throttle = rnd.Next(6) switch { 0 => 1, 1 => 4, 2 => 0x40, _ => 0 };
                    // h1's second GPU gains uncorrected ECC errors during this period only.
                    var ecc = host == "h1" && g == 1 && t >= Period.Start + TimeSpan.FromHours(3) ? 2 : 0;
                    c.Gpu.Add(new GpuSample(host, $"GPU-{host}-{g}", t.AddSeconds(g), util, 40 + rnd.Next(50), throttle, ecc, Math.Round(rnd.NextDouble() * 30, 3)));
                }

                if (rnd.Next(40) == 0)
                {
                    c.Xids.Add((host, $"GPU-{host}-0", t.AddSeconds(5), rnd.Next(2) == 0 ? 79 : 48));
                }

                for (var i = rnd.Next(4); i > 0; i--)
                {
                    var error = rnd.Next(5) == 0;
                    var kind = rnd.Next(error && t >= Period.Start ? 4 : 3);
                    var message = error ? $"error kind {kind}: disk {rnd.Next(3)} failed" : $"request {rnd.Next(1000)} ok";
                    string? pattern = error && kind < 2 ? $"pat-{kind}" : null;
                    c.Logs.Add((host, t.AddSeconds(10 + i), error ? (rnd.Next(2) == 0 ? "error" : "ERROR") : "info", message, pattern));
                }

                c.AgentStats.Add((host, t.AddSeconds(20), (long)((t - start).TotalMinutes / 10) * (host == "h2" ? 3 : 0)));
            }
        }

        for (var j = 0; j < 12; j++)
        {
            var at = start + TimeSpan.FromHours(2 + (j * 3.7));
            var job = $"job-{j}";
            c.QueueWaits.Add((job, at, (long)(rnd.Next(1, 600) * 1e9)));
            for (var attempt = 0; attempt < (j % 4 == 0 ? 2 : 1); attempt++)
            {
                var runAt = at + TimeSpan.FromMinutes(10 + (attempt * 30));
                var outcome = attempt == 0 && j % 4 == 0 ? "failure" : (j % 5 == 0 ? "failure" : "success");
                for (var rank = 0; rank < 4; rank++)
                {
                    c.RankRuns.Add((job, runAt, (long)(rnd.Next(600, 1800) * 1e9), outcome));
                }
            }

            for (var s = 0; s < 20; s++)
            {
                var step = j == 9 && s >= 10 ? 150 + rnd.Next(10) : 100 + rnd.Next(10);
                c.TrainingMetrics.Add((job, at + TimeSpan.FromMinutes(15 + s), 1000 + rnd.Next(500), step));
            }
        }

        for (var a = 0; a < 30; a++)
        {
            var starts = start + TimeSpan.FromMinutes(rnd.Next((int)(End - start).TotalMinutes));
            DateTimeOffset? ends = rnd.Next(4) == 0 ? null : starts + TimeSpan.FromMinutes(rnd.Next(1, 300));
            var anomaly = a % 5 == 0;
            c.Alerts.Add((anomaly ? "anomaly" : $"rule-{rnd.Next(4)}", starts, ends, anomaly ? (a % 2 == 0 ? "spectral" : "multivariate") : null, anomaly ? "spike" : null));
        }

        for (var s = 0; s < 5; s++)
        {
            c.Silences.Add(start + TimeSpan.FromHours(rnd.Next(48)));
        }

        for (var d = 0; d < 9; d++)
        {
            c.DeadLetters.Add((start + TimeSpan.FromMinutes(rnd.Next(48 * 60)), d % 3 == 0 ? "not json" : "message too large"));
        }

        return c;
    }

    public async Task WriteAsync(DuckDbStore store)
    {
        await using var writer = new DuckDbWriter(store, TimeProvider.System);
        var docs = new List<EcsDocument>();
        var n = 0;
        EcsDocument Doc(string type, string dataset, DateTimeOffset ts, string? host)
        {
            var d = new EcsDocument { Id = $"seed-{n++}", Timestamp = ts };
            d.Set(EcsFields.DataStreamType, type);
            d.Set(EcsFields.DataStreamDataset, dataset);
            d.Set(EcsFields.EventDataset, dataset);
            d.Set(EcsFields.HostName, host);
            docs.Add(d);
            return d;
        }

        foreach (var g in Gpu)
        {
            var d = Doc("metrics", "gpu.device", g.Ts, g.Host);
            d.Set("gpu.uuid", g.Gpu);
            d.Set("gpu.utilization.gpu.pct", g.UtilRatio);
            d.Set("gpu.temperature.celsius", g.Temp);
            d.Set("gpu.throttle.mask", g.Throttle);
            d.Set("gpu.ecc.uncorrected.total", g.Ecc);
            d.Set("event.ingested", g.Ts.AddSeconds(g.LagSeconds));
        }

        foreach (var x in Xids)
        {
            var d = Doc("metrics", "gpu.xid", x.Ts, x.Host);
            d.Set("gpu.uuid", x.Gpu);
            d.Set("gpu.xid.code", x.Code);
        }

        foreach (var l in Logs)
        {
            var d = Doc("logs", "app", l.Ts, l.Host);
            d.Set(EcsFields.LogLevel, l.Level);
            d.Message = l.Message;
            d.Set("log.pattern.id", l.PatternId);
        }

        foreach (var a in AgentStats)
        {
            Doc("metrics", "agent.monitoring", a.Ts, a.Host).Set("agent.monitoring.events.dropped", a.Dropped);
        }

        foreach (var r in RankRuns)
        {
            var d = Doc("traces", "training", r.Ts, null);
            d.Set("span.name", "train.rank.run");
            d.Set("training.job.id", r.Job);
            d.Set("event.duration", r.DurationNs);
            d.Set("event.outcome", r.Outcome);
        }

        foreach (var q in QueueWaits)
        {
            var d = Doc("traces", "training", q.Ts, null);
            d.Set("span.name", "train.job.queue_wait");
            d.Set("training.job.id", q.Job);
            d.Set("event.duration", q.DurationNs);
        }

        foreach (var m in TrainingMetrics)
        {
            var d = Doc("metrics", "training", m.Ts, null);
            d.Set("training.job.id", m.Job);
            d.Set("training.samples_per_second", m.Sps);
            d.Set("training.step.duration_ms", m.StepMs);
        }

        var result = await writer.WriteAsync(docs, CancellationToken.None);
        if (result.Rejected.Count > 0)
        {
            throw new InvalidOperationException($"seed rejected: {result.Rejected[0].Reason}");
        }

        using var c = store.OpenReadConnection();
        Exec(c, AlertsDdl);
        var i = 0;
        foreach (var a in Alerts)
        {
            var labels = a.Detector is null ? $"{{\"alertname\":\"{a.Name}\"}}" : $"{{\"alertname\":\"{a.Name}\",\"detector\":\"{a.Detector}\",\"kind\":\"{a.Kind}\"}}";
            Exec(c, "INSERT INTO obs_alerts VALUES ($1, 'fp', $2, 'firing', 'warning', 1.0, $3, $3, $4, $3, $5, '{}', NULL, NULL, NULL)",
                $"a{i++}", a.Name, a.Starts.UtcDateTime, a.Ends?.UtcDateTime, labels);
        }

        foreach (var s in Silences)
        {
            Exec(c, "INSERT INTO obs_silences VALUES ($1, '[]', NULL, $2, $3, 'ops', 'maintenance')", $"s{i++}", s.UtcDateTime, s.AddHours(1).UtcDateTime);
        }

        foreach (var d in DeadLetters)
        {
            Exec(c, "INSERT INTO deadletter VALUES ($1, $2, 'obs.logs', '0', $3, 'x')", $"d{i++}", d.Ts, d.Reason);
        }
    }

    // The detection helper's DDL (branch detection, DuckDbAlertSchema): starts_at/ends_at are naive UTC TIMESTAMPs.
    private const string AlertsDdl =
        """
        CREATE TABLE IF NOT EXISTS obs_alerts (id VARCHAR PRIMARY KEY, fingerprint VARCHAR NOT NULL, alertname VARCHAR NOT NULL, state VARCHAR NOT NULL,
          severity VARCHAR, score DOUBLE NOT NULL, active_at TIMESTAMP NOT NULL, starts_at TIMESTAMP NOT NULL, ends_at TIMESTAMP, updated_at TIMESTAMP NOT NULL,
          labels VARCHAR NOT NULL, annotations VARCHAR NOT NULL, generator_url VARCHAR, acknowledged_by VARCHAR, acknowledged_at TIMESTAMP);
        CREATE TABLE IF NOT EXISTS obs_silences (id VARCHAR PRIMARY KEY, matchers VARCHAR NOT NULL, query VARCHAR, starts_at TIMESTAMP NOT NULL,
          ends_at TIMESTAMP NOT NULL, created_by VARCHAR NOT NULL, comment VARCHAR NOT NULL);
        """;

    private static void Exec(DuckDBConnection c, string sql, params object?[] values)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var v in values)
        {
            cmd.Parameters.Add(new DuckDBParameter(v ?? DBNull.Value));
        }

        cmd.ExecuteNonQuery();
    }
}
