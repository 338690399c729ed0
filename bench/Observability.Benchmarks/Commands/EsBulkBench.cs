using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Observability.Core.Documents;
using Observability.Storage.Elasticsearch;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench es-bulk</c>: throughput of the Elasticsearch bulk writer. With <c>--es</c> it writes to that
/// cluster (namespace <c>bench</c>); without, to a loopback HTTP endpoint that answers every item 201, which
/// measures the client side alone (encoding, NDJSON, HTTP, response parsing), not Elasticsearch.
/// </summary>
internal static class EsBulkBench
{
    public static Command Create()
    {
        var docs = new Option<int>("--docs") { Description = "Documents to write", DefaultValueFactory = _ => 200_000 };
        var batch = new Option<int>("--batch") { Description = "Documents per WriteAsync call", DefaultValueFactory = _ => 5_000 };
        var es = new Option<string>("--es") { Description = "Elasticsearch URL; without it, a loopback endpoint" };
        var cmd = new Command("es-bulk", "Bulk writer throughput (loopback endpoint, or a real cluster with --es).");
        cmd.Options.Add(docs);
        cmd.Options.Add(batch);
        cmd.Options.Add(es);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            using var loopback = r.GetValue(es) is null ? new LoopbackBulkEndpoint() : null;
            var options = new ElasticsearchOptions();
            options.AddUrls(r.GetValue(es) ?? loopback!.Url);
            await using var store = ElasticsearchStore.Create(options);
            var total = r.GetValue(docs);
            var size = r.GetValue(batch);
            var t0 = TimeProvider.System.GetTimestamp();
            long written = 0, duplicates = 0, rejected = 0;
            for (var i = 0; i < total; i += size)
            {
                var n = Math.Min(size, total - i);
                var chunk = new List<EcsDocument>(n);
                for (var j = 0; j < n; j++)
                {
                    chunk.Add(Document(i + j));
                }

                var result = await store.Writer.WriteAsync(chunk, ct);
                written += result.Written;
                duplicates += result.Duplicates;
                rejected += result.Rejected.Count;
            }

            var seconds = TimeProvider.System.GetElapsedTime(t0).TotalSeconds;
            var target = loopback is null ? "elasticsearch" : "loopback";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"target={target} docs={total} written={written} duplicates={duplicates} rejected={rejected} requests={store.Writer.Telemetry.Value("requests")} seconds={seconds:F2} docs_per_sec={total / seconds:F0} bytes_sent_mb={(loopback?.BytesReceived ?? 0) / 1048576.0:F1}"));
            return 0;
        });
        return cmd;
    }

    private static EcsDocument Document(int i)
    {
        var d = new EcsDocument(12);
        d.Id = EventIds.From("bench:/var/log/app.log", i * 120L);
        d.Timestamp = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(i);
        d.Message = string.Create(CultureInfo.InvariantCulture, $"worker {i % 64} finished step {i} in {i % 997} ms loss=0.{i % 1000:D3}");
        d.Set(EcsFields.LogLevel, i % 50 == 0 ? "error" : "info");
        d.Set(EcsFields.HostName, string.Create(CultureInfo.InvariantCulture, $"node-{i % 16}"));
        d.Set(EcsFields.ServiceName, "trainer");
        d.Set(EcsFields.LogFilePath, "/var/log/app.log");
        d.Set(EcsFields.LogOffset, i * 120L);
        d.Set(EcsFields.DataStreamType, "logs");
        d.Set(EcsFields.DataStreamDataset, "bench");
        d.Set(EcsFields.DataStreamNamespace, "bench");
        return d;
    }

    /// <summary>An HttpListener on 127.0.0.1 that answers <c>_bulk</c> with one 201 per action line.</summary>
    private sealed class LoopbackBulkEndpoint : IDisposable
    {
        private readonly HttpListener _listener = new();
        private long _bytes;

        public LoopbackBulkEndpoint()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Url = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/");
            _listener.Prefixes.Add(Url);
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Url { get; }

        public long BytesReceived => Interlocked.Read(ref _bytes);

        public void Dispose() => _listener.Close();

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                _ = Task.Run(() => AnswerAsync(ctx));
            }
        }

        private async Task AnswerAsync(HttpListenerContext ctx)
        {
            using var ms = new MemoryStream();
            await ctx.Request.InputStream.CopyToAsync(ms);
            Interlocked.Add(ref _bytes, ms.Length);
            var lines = 0;
            foreach (var b in ms.GetBuffer().AsSpan(0, (int)ms.Length))
            {
                lines += b == (byte)'\n' ? 1 : 0;
            }

            var sb = new StringBuilder("{\"took\":1,\"errors\":false,\"items\":[");
            for (var i = 0; i < lines / 2; i++)
            {
                sb.Append(i == 0 ? "" : ",").Append("{\"create\":{\"status\":201,\"result\":\"created\"}}");
            }

            sb.Append("]}");
            var body = Encoding.UTF8.GetBytes(sb.ToString());
            ctx.Response.Headers["x-elastic-product"] = "Elasticsearch";
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength64 = body.Length;
            await ctx.Response.OutputStream.WriteAsync(body);
            ctx.Response.Close();
        }
    }
}
