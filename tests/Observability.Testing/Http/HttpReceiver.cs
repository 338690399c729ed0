using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Observability.Testing.Http;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) that records every request body and answers with the queued status codes (200 when none).</summary>
public sealed class HttpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();

    public HttpReceiver()
    {
        Port = FreePort();
        Url = new Uri($"http://127.0.0.1:{Port}/hook/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    public Uri Url { get; }

    public ConcurrentQueue<(string Body, string? Authorization)> Requests { get; } = new();

    public ConcurrentQueue<int> StatusCodes { get; } = new();

    /// <summary>The <c>Retry-After</c> header value sent with every answer other than 200 (none when null).</summary>
    public string? RetryAfter { get; set; }

    /// <summary>The User-Agent header of every request, answered or failed.</summary>
    public ConcurrentQueue<string?> UserAgents { get; } = new();

    public IReadOnlyList<string> Bodies => Requests.Select(r => r.Body).ToList();

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // the listener throws when closed
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            UserAgents.Enqueue(ctx.Request.UserAgent);
            var status = StatusCodes.TryDequeue(out var s) ? s : 200;
            if (status == 200)
            {
                Requests.Enqueue((body, ctx.Request.Headers["Authorization"]));
            }

            ctx.Response.StatusCode = status;
            if (status != 200 && RetryAfter is { } retryAfter)
            {
                ctx.Response.Headers["Retry-After"] = retryAfter;
            }
            ctx.Response.Close();
        }
    }
}
