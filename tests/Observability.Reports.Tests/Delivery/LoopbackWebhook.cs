using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Observability.Reports.Tests.Delivery;

/// <summary>
/// A real HTTP listener on 127.0.0.1 recording each POST body and answering with <see cref="Status"/> (the first
/// <see cref="FailuresBeforeSuccess"/> requests only, when that is set; 200 after them).
/// </summary>
public sealed class LoopbackWebhook : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public LoopbackWebhook()
    {
        using (var l = new TcpListener(IPAddress.Loopback, 0))
        {
            l.Start();
            Url = $"http://127.0.0.1:{((IPEndPoint)l.LocalEndpoint).Port}/hook/";
        }

        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    /// <summary>When set, only this many requests are answered with <see cref="Status"/>; the ones after them get 200.</summary>
    public int? FailuresBeforeSuccess { get; set; }

    public ConcurrentQueue<(string ContentType, string Body)> Received { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var reader = new StreamReader(ctx.Request.InputStream);
            Received.Enqueue((ctx.Request.ContentType ?? string.Empty, await reader.ReadToEndAsync()));
            ctx.Response.StatusCode = FailuresBeforeSuccess is { } n && Received.Count > n ? 200 : (int)Status;
            ctx.Response.Close();
        }
    }
}
