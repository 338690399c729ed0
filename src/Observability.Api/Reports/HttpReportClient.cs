using System.Net.Http.Json;
using Observability.Api.Query;
using Observability.Core.Hosting;
using Observability.Reports;
using Observability.Reports.Delivery;
using Observability.Reports.Rendering;

namespace Observability.Api.Reports;

/// <summary>Builds a report through a running obs up (which holds the store): what <c>obs report run</c> uses while obs up runs.</summary>
public sealed class HttpReportClient : IDisposable
{
    private readonly HttpClient _http;

    private HttpReportClient(UpInstance instance)
    {
        // Building a report over a large store can take minutes.
        _http = new HttpClient { BaseAddress = new Uri(instance.Url), Timeout = TimeSpan.FromMinutes(30) };
        _http.DefaultRequestHeaders.Add(QueryApiProtocol.TokenHeader, instance.Token);
    }

    /// <summary>The obs up recorded in <paramref name="dataDirectory"/>, if one is alive; else null.</summary>
    public static HttpReportClient? TryConnect(string dataDirectory) =>
        UpInstance.TryRead(dataDirectory) is { } instance ? new HttpReportClient(instance) : null;

    /// <summary>The report, rendered and stored by obs up, as <see cref="ReportRunner.RenderAsync"/> gives it offline.</summary>
    public async Task<ReportArtifacts> RunAsync(string name, DateTimeOffset end, TimeSpan period, ReportOptions options, CancellationToken ct)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(ReportApiProtocol.RunPath, UriKind.Relative),
            new ReportApiProtocol.RunRequest(name, end, period, options), ReportApiProtocol.Json, ct);
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            throw new HttpRequestException($"obs up answered {(int)response.StatusCode}: {text}");
        }

        var answer = await response.Content.ReadFromJsonAsync<ReportApiProtocol.RunAnswer>(ReportApiProtocol.Json, ct)
            ?? throw new HttpRequestException("empty answer from obs up");
        return new ReportArtifacts(ReportJson.Deserialize(answer.Json), answer.Html, answer.Markdown, answer.Json);
    }

    public void Dispose() => _http.Dispose();
}
