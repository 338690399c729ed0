using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Notifiers;
using Observability.Detection.Rules;
using Observability.Detection.Storage;

namespace Observability.Benchmarks.Detection;

/// <summary>
/// Arrival-to-notification delay through the real chain: a training document with a NaN loss enters the
/// <see cref="DetectionEngine"/>; the alerter loop (every <see cref="EvaluationInterval"/>) evaluates the rules,
/// stores the alert in DuckDB and dispatches it; the webhook notifier POSTs to an HTTP listener on 127.0.0.1,
/// which stamps the arrival of each job's alert. Each injected job is its own group (group_by job), group_wait 0,
/// <c>for</c> 0, so the delay is the pipeline's own.
/// </summary>
public static class NotificationDelayBenchmark
{
    public static readonly TimeSpan EvaluationInterval = TimeSpan.FromSeconds(1);

    public static async Task<NotificationDelayResult> RunAsync(TimeSpan duration, CancellationToken ct)
    {
        var dir = Path.Combine(Path.GetTempPath(), "obs-bench-delay-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var clock = Stopwatch.StartNew();
        var received = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                HttpListenerContext c;
                try
                {
                    c = await listener.GetContextAsync();
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }

                var at = clock.Elapsed.TotalMilliseconds;
                using (var json = await JsonDocument.ParseAsync(c.Request.InputStream, cancellationToken: stop.Token))
                {
                    foreach (var a in json.RootElement.GetProperty("alerts").EnumerateArray())
                    {
                        if (a.GetProperty("labels").TryGetProperty("job", out var job))
                        {
                            received.TryAdd(job.GetString()!, at);
                        }
                    }
                }

                c.Response.StatusCode = 200;
                c.Response.Close();
            }
        }, CancellationToken.None);

        var time = TimeProvider.System;
        var kql = new KqlAlertQueryCompiler();
        var rules = new RuleEngine(RuleLoader.Load(
            """
            rules:
              - name: LossNaN
                type: anomaly
                detector: training
                kind: loss_nonfinite
                min_score: 50
                window: 10m
            """, kql));
        var engine = new DetectionEngine(new DetectionOptions(), rules, time);
        using var store = new DuckDbAlertStore(Path.Combine(dir, "alerts.duckdb"), time);
        using var http = new HttpClient();
        var route = new Route { Receiver = "bench", GroupBy = ["alertname", "job"], GroupWait = TimeSpan.Zero, GroupInterval = TimeSpan.FromMinutes(5), RepeatInterval = TimeSpan.FromHours(4) };
        using var dispatcher = new AlertDispatcher(new AlertDispatcherOptions { DefaultRoute = route }, [new WebhookNotifier("bench", new Uri($"http://127.0.0.1:{port}/"), http)], store, time, kql);
        var alerter = new Alerter(rules, new AlertTracker(), store, dispatcher, null, time);
        var loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(EvaluationInterval);
            while (await timer.WaitForNextTickAsync(stop.Token).ConfigureAwait(false))
            {
                await alerter.StepAsync(stop.Token);
            }
        }, CancellationToken.None);

        var injected = new Dictionary<string, double>(StringComparer.Ordinal);
        var end = clock.Elapsed + duration;
        var n = 0;
        while (clock.Elapsed < end)
        {
            var job = $"bench-{n++:D5}";
            var doc = new EcsDocument();
            doc.Set("training.job.id", job);
            doc.Set("training.rank", 0L);
            doc.Set("training.step", 100L);
            doc.Set("training.loss", double.NaN);
            doc.Set(EcsFields.HostName, "bench-node");
            injected[job] = clock.Elapsed.TotalMilliseconds;
            engine.Observe(doc, time.GetUtcNow());
            await Task.Delay(TimeSpan.FromMilliseconds(97), ct);
        }

        var deadline = clock.Elapsed + TimeSpan.FromSeconds(10);
        while (received.Count < injected.Count && clock.Elapsed < deadline)
        {
            await Task.Delay(50, ct);
        }

        await stop.CancelAsync();
        listener.Stop();
        await Task.WhenAll(loop.ContinueWith(_ => { }, TaskScheduler.Default), serving.ContinueWith(_ => { }, TaskScheduler.Default));
        var delays = injected.Where(p => received.ContainsKey(p.Key)).Select(p => received[p.Key] - p.Value).Order().ToList();
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }

        double Q(double q) => delays.Count == 0 ? double.NaN : delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(q * delays.Count) - 1)];
        return new NotificationDelayResult(injected.Count, delays.Count, Q(0.5), Q(0.99), delays.Count == 0 ? double.NaN : delays[^1], EvaluationInterval.TotalMilliseconds);
    }
}
