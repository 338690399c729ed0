using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Api.Query;
using Observability.Cli.Up;
using Observability.Core.Hosting;
using Observability.Reports;
using Observability.Reports.Delivery;
using Observability.Reports.Model;
using Observability.Reports.Rendering;
using Observability.Reports.Sections;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

/// <summary><c>obs report run</c> while obs up holds the store: built through its API, the same report as obs up's own runner builds.</summary>
public sealed class ReportApiTests(QueryApiFixture fixture) : IClassFixture<QueryApiFixture>, IDisposable
{
    private readonly UpApplication _up = fixture.Up;
    private readonly TemporaryDirectory _out = TemporaryDirectory.Create("report-api");

    private static string Normalised(string json) => ReportJson.Serialize(ReportJson.Deserialize(json) with { GeneratedAt = DateTimeOffset.UnixEpoch });

    [Fact]
    public async Task Obs_report_run_goes_through_the_running_obs_up_and_writes_the_same_report()
    {
        var end = DateTimeOffset.UnixEpoch.AddHours(1);

        var (exitCode, output) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(3), "report", "run", "--data", _up.Context.DataDirectory,
            "--out", _out.Path, "--period", "1h", "--end", "1970-01-01T01:00:00Z", "--name", "api");

        Assert.True(exitCode == 0, $"obs report run exited {exitCode}:\n{output}");
        var json = Assert.Single(Directory.GetFiles(_out.Path, "api-*.json"));
        Assert.Single(Directory.GetFiles(_out.Path, "api-*.html"));
        using var runner = new ReportRunner(ReportSections.Create(_up.Context.Store), _up.Context.Store, new ReportOptions(), TimeProvider.System, [], NullLogger<ReportRunner>.Instance);
        var direct = await runner.RenderAsync("api", ReportPeriod.Ending(end, TimeSpan.FromHours(1)));
        Assert.Equal(Normalised(direct.Json), Normalised(await File.ReadAllTextAsync(json)));
        Assert.True(ReportJson.Deserialize(direct.Json).Logs.HasData); // the fixture's documents are in the period
        // obs up stored in obs_reports the very report it answered with (RenderAsync above stores nothing).
        Assert.Equal(await File.ReadAllTextAsync(json), new ReportStore(_up.Context.Store).Json(direct.Report.Id));
    }

    [Fact]
    public async Task The_report_endpoint_needs_the_token()
    {
        var instance = UpInstance.TryRead(_up.Context.DataDirectory)!;
        using var http = new HttpClient { BaseAddress = new Uri(instance.Url) };

        using var response = await http.PostAsync(new Uri("/api/reports/run", UriKind.Relative), new StringContent("{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose() => _out.Dispose();
}
