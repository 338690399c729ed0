using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Observability.Api;
using Observability.Cli.Commands.Search;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Query.Kql;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Up.WebConsole;

/// <summary>
/// What Discover and Live tail need beyond the query API's search, histogram and top values:
/// <c>GET /api/console/surrounding</c> (the lines around a hit from the same file and host) and
/// <c>GET /api/console/tail</c> (a query followed as server-sent events, by the same loop as <c>obs tail</c>).
/// Values from the page reach the store only as quoted KQL phrases, which the KQL back end turns into SQL parameters.
/// </summary>
internal static class DiscoverApi
{
    public const string SurroundingPath = "/api/console/surrounding";
    public const string TailPath = "/api/console/tail";

    /// <summary>Lines a tail keeps for a slow page before it drops the oldest (the page keeps its own bounded buffer).</summary>
    private const int TailBuffer = 1000;

    public static void Map(WebApplication app, IAggregatingSearchStore search, TimeProvider time)
    {
        app.MapGet(SurroundingPath, (HttpContext http, string? at, string? path, string? host, int? size) => ConsoleResults.Run(async () =>
        {
            var around = ConsoleResults.Time(at, "at") ?? throw new ArgumentException("at (the hit's @timestamp) is required");
            var parts = new List<string>();
            if (!string.IsNullOrEmpty(path))
            {
                parts.Add($"{EcsFields.LogFilePath}:{KqlLiteral.Quote(path)}");
            }

            if (!string.IsNullOrEmpty(host))
            {
                parts.Add($"{EcsFields.HostName}:{KqlLiteral.Quote(host)}");
            }

            if (parts.Count == 0)
            {
                throw new ArgumentException("path or host is required");
            }

            var query = string.Join(" and ", parts);
            var n = Math.Clamp(size ?? 10, 1, 200);
            var before = await search.SearchAsync(new SearchRequest(query, To: around, Limit: n + 1, Sort: "-@timestamp"), http.RequestAborted);
            var after = await search.SearchAsync(new SearchRequest(query, From: around, Limit: n + 1, Sort: "@timestamp"), http.RequestAborted);
            var lines = before.Hits.Reverse().Concat(after.Hits).DistinctBy(h => h.Id ?? Guid.NewGuid().ToString()).ToList();
            return new JsonHttpResult(w =>
            {
                w.WriteStartObject();
                w.WriteString("query", query);
                w.WriteStartArray("hits");
                foreach (var hit in lines)
                {
                    EcsJson.Write(w, hit);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }));

        app.MapGet(TailPath, async (HttpContext http, string? q, string? type) =>
        {
            var query = q ?? string.Empty;
            string stream;
            try
            {
                stream = ConsoleResults.DataStreamType(type);
                // A syntax error is answered as JSON before the event stream starts (EventSource cannot read a 400's body).
                _ = KqlParser.Parse(query);
            }
            catch (Exception e) when (e is KqlSyntaxException or ArgumentException)
            {
                await ConsoleResults.Error(StatusCodes.Status400BadRequest, ConsoleResults.Describe(e)).ExecuteAsync(http);
                return;
            }

            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-store";
            await http.Response.WriteAsync(": following\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);

            var lines = Channel.CreateBounded<EcsDocument>(new BoundedChannelOptions(TailBuffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            var loop = new TailLoop(search, query, stream, hit => lines.Writer.TryWrite(hit), time);
            var following = loop.RunAsync(initialLines: 20, http.RequestAborted)
                .ContinueWith(t => lines.Writer.TryComplete(t.Exception), TaskScheduler.Default);
            try
            {
                await foreach (var hit in lines.Reader.ReadAllAsync(http.RequestAborted))
                {
                    await http.Response.WriteAsync("data: " + EcsJson.ToJson(hit) + "\n\n", Encoding.UTF8, http.RequestAborted);
                    if (lines.Reader.Count == 0)
                    {
                        await http.Response.Body.FlushAsync(http.RequestAborted);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // The page closed the stream.
            }

            await following;
        });
    }
}
