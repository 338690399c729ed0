using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Observability.Testing.Elasticsearch;

/// <summary>
/// A real HTTP server (Kestrel on 127.0.0.1) that answers as Elasticsearch does for the endpoints we use:
/// <c>_bulk</c> with per-item statuses (201, 409 on an existing id, 400 for mapping and data-stream rules,
/// injected 429/5xx), request-level faults (503, slow answers), templates/ILM/index GET and PUT, and a
/// <c>_search</c>/<c>_count</c> over what was stored: filter queries and aggregations computed from the stored
/// documents (<see cref="SearchEngine"/>), hits paged by <c>@timestamp</c> desc. It records every request body
/// for the contract tests.
/// </summary>
public sealed partial class FakeElasticsearch : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _bulkLock = new();

    private FakeElasticsearch(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// <summary>Stored documents by <c>index/_id</c>.</summary>
    public ConcurrentDictionary<string, JsonObject> Documents { get; } = new();

    /// <summary>How many times each <c>index/_id</c> was answered 201: never more than once.</summary>
    public ConcurrentDictionary<string, int> Created { get; } = new();

    /// <summary>Bulk attempts seen per document id (<c>event.id</c>, or the TSDS id).</summary>
    public ConcurrentDictionary<string, int> Attempts { get; } = new();

    public ConcurrentQueue<(string Method, string Path, string Body)> Requests { get; } = new();

    /// <summary>Every request's path, query string, whether its body came gzip-compressed, and its length on the wire.</summary>
    public ConcurrentQueue<(string Path, string Query, bool Gzip, long WireBytes)> RequestDetails { get; } = new();

    /// <summary>The Authorization header of every request (empty when none).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Installed templates, policies and index mappings by path.</summary>
    public ConcurrentDictionary<string, JsonObject> Resources { get; } = new();

    /// <summary>Overrides an item's status: (document id, attempt number from 1) → status, or null to answer normally.</summary>
    public Func<string, int, int?>? ItemFault { get; set; }

    /// <summary>Faults applied to the next bulk requests, one per request.</summary>
    public ConcurrentQueue<RequestFault> RequestFaults { get; } = new();

    public bool SendProductHeader { get; set; } = true;

    /// <summary>Refuses PUTs to paths it names with a 400 <c>mapper_parsing_exception</c>.</summary>
    public Func<string, bool>? RefusePut { get; set; }

    public int PutCount => Requests.Count(r => r.Method == "PUT");

    public static async Task<FakeElasticsearch> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeElasticsearch(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.Url = new Uri(address);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        string body;
        var gzip = ctx.Request.Headers.ContentEncoding.ToString() == "gzip";
        using (var reader = new StreamReader(gzip ? new System.IO.Compression.GZipStream(ctx.Request.Body, System.IO.Compression.CompressionMode.Decompress) : ctx.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ctx.RequestAborted);
        }

        var path = ctx.Request.Path.Value ?? "/";
        var method = ctx.Request.Method;
        Requests.Enqueue((method, path, body));
        RequestDetails.Enqueue((path, ctx.Request.QueryString.Value ?? "", gzip, ctx.Request.ContentLength ?? 0));
        Authorizations.Enqueue(ctx.Request.Headers.Authorization.ToString());
        if (SendProductHeader)
        {
            ctx.Response.Headers["x-elastic-product"] = "Elasticsearch";
        }

        var role = RoleOf(ctx, out var refused);
        if (refused)
        {
            await JsonAsync(ctx, 401, new JsonObject { ["error"] = Error("security_exception", "unable to authenticate with provided credentials"), ["status"] = 401 });
            return;
        }

        if (role is not null && path != "/_bulk" && Unauthorized(role, method, path, body) is { } missing)
        {
            await JsonAsync(ctx, 403, SecurityError(missing));
            return;
        }

        if (role is not null && method == "PUT" && path.StartsWith("/_ilm/policy/", StringComparison.Ordinal))
        {
            _ilmRunAs = role;
        }

        if (path == "/_bulk" && method == "POST")
        {
            await BulkAsync(ctx, body, role);
            return;
        }

        if (path.EndsWith("/_search", StringComparison.Ordinal) || path.EndsWith("/_count", StringComparison.Ordinal))
        {
            await SearchAsync(ctx, path, body);
            return;
        }

        await ResourceAsync(ctx, method, path, body);
    }

    private static Task JsonAsync(HttpContext ctx, int status, JsonNode body)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        return ctx.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonObject Error(string type, string reason) => new() { ["type"] = type, ["reason"] = reason };
}

/// <summary>A fault for one bulk request: answer <see cref="Status"/> without processing, or process and answer after <see cref="Delay"/>.</summary>
public sealed record RequestFault(int? Status = null, TimeSpan Delay = default, int RetryAfterSeconds = 0);
