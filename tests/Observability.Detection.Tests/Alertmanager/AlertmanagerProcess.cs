using System.Diagnostics;
using System.Net.Http.Json;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Observability.Testing;
using Observability.Testing.Http;

namespace Observability.Detection.Tests.Alertmanager;

/// <summary>
/// Debian's <c>prometheus-alertmanager</c> started for one test on a free loopback port, with a temporary config
/// (one route grouping by alertname, a webhook receiver) and storage folder, clustering off; killed on dispose.
/// </summary>
public sealed class AlertmanagerProcess : IAsyncDisposable
{
    public const string BinaryName = "prometheus-alertmanager";

    private readonly Process _process;
    private readonly TemporaryDirectory _dir;
    private readonly StringWriter _output = new();

    private AlertmanagerProcess(Process process, TemporaryDirectory dir, Uri url, string scheme, X509Certificate2? trust)
    {
        var handler = new SocketsHttpHandler();
        if (trust is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, cert, _, _) => cert is not null && Observability.Core.Delivery.HttpClientTls.IsIssuedBy(cert, trust);
        }

        Api = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        _process = process;
        _dir = dir;
        Url = url;
        Scheme = scheme;
    }

    public static string? Binary =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, BinaryName)).FirstOrDefault(File.Exists);

    public Uri Url { get; }

    public string Scheme { get; }

    public HttpClient Api { get; }

    /// <summary>Starts it routing every alert to <paramref name="webhook"/> (group_wait and group_interval 1 s); <paramref name="webConfig"/> is its --web.config.file (TLS), whose CA <paramref name="trust"/> is.</summary>
    public static async Task<AlertmanagerProcess> StartAsync(Uri webhook, string? webConfig = null, X509Certificate2? trust = null)
    {
        var dir = TemporaryDirectory.Create("alertmanager");
        var config = dir.File("alertmanager.yml");
        await File.WriteAllTextAsync(config, $"""
            route:
              receiver: hook
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: hook
                webhook_configs:
                  - url: '{webhook}'
                    send_resolved: true
            """);
        var port = HttpReceiver.FreePort();
        var info = new ProcessStartInfo(Binary ?? throw new InvalidOperationException($"{BinaryName} is not installed"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--config.file={config}", $"--storage.path={dir.File("data")}", $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn" })
        {
            info.ArgumentList.Add(arg);
        }

        if (webConfig is not null)
        {
            info.ArgumentList.Add($"--web.config.file={webConfig}");
        }

        var process = Process.Start(info)!;
        var scheme = webConfig is null ? "http" : "https";
        var am = new AlertmanagerProcess(process, dir, new Uri($"{scheme}://127.0.0.1:{port}"), scheme, trust);
        process.OutputDataReceived += (_, e) => am.Log(e.Data);
        process.ErrorDataReceived += (_, e) => am.Log(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Poll.UntilAsync(am.IsListeningAsync, TimeSpan.FromSeconds(30), "alertmanager did not start listening");
        }
        catch (TimeoutException e)
        {
            await am.DisposeAsync();
            throw new TimeoutException($"{e.Message}; its output: {am._output}", e);
        }

        return am;
    }

    /// <summary>GET /api/v2/alerts: the alerts it holds (resolved ones are not listed).</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync() =>
        (await Api.GetFromJsonAsync<JsonElement>(new Uri(Url, "/api/v2/alerts"))).EnumerateArray().ToList();

    /// <summary>GET /api/v2/alerts/groups.</summary>
    public async Task<IReadOnlyList<JsonElement>> GroupsAsync() =>
        (await Api.GetFromJsonAsync<JsonElement>(new Uri(Url, "/api/v2/alerts/groups"))).EnumerateArray().ToList();

    /// <summary>POST /api/v2/silences with one equality matcher; returns the silence id.</summary>
    public async Task<string> SilenceAsync(string label, string value, TimeSpan length)
    {
        var now = DateTimeOffset.UtcNow;
        using var response = await Api.PostAsJsonAsync(new Uri(Url, "/api/v2/silences"), new
        {
            matchers = new[] { new { name = label, value, isRegex = false, isEqual = true } },
            startsAt = now,
            endsAt = now + length,
            createdBy = "test",
            comment = "silenced by the test",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("silenceID").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Api.Dispose();
        _dir.Dispose();
    }

    private async Task<bool> IsListeningAsync()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"alertmanager exited with {_process.ExitCode}: {_output}");
        }

        try
        {
            using var response = await Api.GetAsync(new Uri(Url, "/-/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private void Log(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.WriteLine(line);
            }
        }
    }
}
