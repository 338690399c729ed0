using System.Text.RegularExpressions;
using Observability.Api.Query;
using Observability.Cli.Tests.Up;
using Observability.Core.Json;
using Observability.Storage.Abstractions;
using Observability.Storage.DuckDb;
using Observability.Testing;

namespace Observability.Cli.Tests.Console;

/// <summary>
/// The real obs up process: its terminal shows the login link (the user's own screen), and the token is in no other line
/// of its output and in none of the log documents it stored about itself, after logins, refused calls and bad queries.
/// </summary>
public sealed partial class ConsoleTokenLogTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task The_token_is_printed_once_as_the_login_link_and_never_logged()
    {
        using var dir = TemporaryDirectory.Create("console-token");
        var data = dir.File("data");
        string token;
        using (var up = ObsProcess.Start("up", "--data", data, "--no-metrics"))
        {
            var link = await LoginLinkAsync(up);
            token = link.Groups["token"].Value;
            var baseUrl = link.Groups["base"].Value;
            using var client = new HttpClient();
            (await client.GetAsync(new Uri(link.Value))).Dispose();
            (await client.GetAsync(new Uri($"{baseUrl}/login?token={token}x"))).Dispose();
            (await client.GetAsync(new Uri($"{baseUrl}/api/console/jobs"))).Dispose();
            using var bad = new HttpRequestMessage(HttpMethod.Post, $"{baseUrl}{QueryApiProtocol.SearchPath}") { Content = new StringContent("{\"query\":\"host.name:((\"}") };
            bad.Headers.Add(QueryApiProtocol.TokenHeader, token);
            (await client.SendAsync(bad)).Dispose();
            up.Terminate();
            await up.WaitForExitAsync(Generous);
            Assert.True(up.ExitCode == 0, $"obs up exited with {up.ExitCode}:\n{up.Output}");

            var lines = up.Output.Split('\n').Where(l => l.Contains(token, StringComparison.Ordinal)).ToList();
            var only = Assert.Single(lines);
            Assert.StartsWith("obs up: web console http://127.0.0.1:", only, StringComparison.Ordinal);
        }

        // The stored logs of obs up itself (service.name obs-*), read from the file now that nothing holds it.
        using var store = DuckDbSearchStore.OpenFile(new DuckDbOptions { DataDirectory = data }.DatabasePath);
        var logs = await store.SearchAsync(new SearchRequest("service.name:obs-*", Limit: DuckDbSearchStore.MaxLimit), CancellationToken.None);
        Assert.NotEmpty(logs.Hits); // the host did log (start, query API address): those are the lines checked
        Assert.All(logs.Hits, h => Assert.DoesNotContain(token, EcsJson.ToJson(h), StringComparison.Ordinal));
        Assert.All(Directory.EnumerateFiles(data, "*.log", SearchOption.AllDirectories), f => Assert.DoesNotContain(token, File.ReadAllText(f), StringComparison.Ordinal));
    }

    private static async Task<Match> LoginLinkAsync(ObsProcess up)
    {
        using var cts = new CancellationTokenSource(Generous);
        while (!cts.IsCancellationRequested)
        {
            if (LoginLink().Match(up.Output) is { Success: true } m)
            {
                return m;
            }

            Assert.False(up.HasExited, $"obs up exited before it printed the console link:\n{up.Output}");
            await Task.Delay(200, CancellationToken.None);
        }

        throw new TimeoutException($"no console link within {Generous}:\n{up.Output}");
    }

    [GeneratedRegex(@"(?<base>http://127\.0\.0\.1:\d+)/login\?token=(?<token>[0-9a-f]+)")]
    private static partial Regex LoginLink();
}
