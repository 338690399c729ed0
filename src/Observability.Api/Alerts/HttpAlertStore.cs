using System.Net;
using System.Net.Http.Json;
using Observability.Api.Query;
using Observability.Core.Hosting;
using Observability.Detection.Alerting;

namespace Observability.Api.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> through the loopback API of a running <c>obs up</c>, which holds the store (DuckDB lets
/// one process open a file): what <c>obs alerts</c> uses while obs up runs. Alerts are written by obs up's alerter
/// only, so <see cref="UpsertAsync"/> is refused.
/// </summary>
public sealed class HttpAlertStore : IAlertStore, IDisposable
{
    private readonly HttpClient _http;

    public HttpAlertStore(UpInstance instance)
    {
        _http = new HttpClient { BaseAddress = new Uri(instance.Url), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add(QueryApiProtocol.TokenHeader, instance.Token);
    }

    /// <summary>The store of the obs up recorded in <paramref name="dataDirectory"/>, if one is alive; else null.</summary>
    public static HttpAlertStore? TryConnect(string dataDirectory) =>
        UpInstance.TryRead(dataDirectory) is { } instance ? new HttpAlertStore(instance) : null;

    public ValueTask UpsertAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken) =>
        throw new NotSupportedException("alerts are written by obs up's alerter, not through its API");

    public async ValueTask<IReadOnlyList<Alert>> ListAsync(AlertState? state, int limit, CancellationToken cancellationToken)
    {
        var query = $"?limit={limit}" + (state is { } s ? $"&state={s.ToString().ToLowerInvariant()}" : string.Empty);
        var list = await Get<List<AlertDto>>(AlertApiProtocol.AlertsPath + query, cancellationToken);
        return [.. list!.Select(a => a.ToAlert())];
    }

    public async ValueTask<Alert?> GetAsync(string fingerprintPrefix, CancellationToken cancellationToken) =>
        (await Get<AlertDto>($"{AlertApiProtocol.AlertsPath}/{Uri.EscapeDataString(fingerprintPrefix)}", cancellationToken))?.ToAlert();

    public async ValueTask<bool> AcknowledgeAsync(string fingerprintPrefix, string by, CancellationToken cancellationToken)
    {
        var answer = await Post<Dictionary<string, bool>>(AlertApiProtocol.AckPath, new AckDto(fingerprintPrefix, by), cancellationToken);
        return answer.TryGetValue("acknowledged", out var done) && done;
    }

    public async ValueTask<IReadOnlySet<string>> AcknowledgedAsync(CancellationToken cancellationToken) =>
        new HashSet<string>(await Get<List<string>>(AlertApiProtocol.AcknowledgedPath, cancellationToken) ?? [], StringComparer.Ordinal);

    public async ValueTask AddSilenceAsync(Silence silence, CancellationToken cancellationToken) =>
        await Post<SilenceDto>(AlertApiProtocol.SilencesPath, SilenceDto.From(silence), cancellationToken);

    public async ValueTask<IReadOnlyList<Silence>> ListSilencesAsync(DateTimeOffset? activeAt, CancellationToken cancellationToken)
    {
        var query = activeAt is { } t ? "?activeAt=" + Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) : string.Empty;
        var list = await Get<List<SilenceDto>>(AlertApiProtocol.SilencesPath + query, cancellationToken);
        return [.. list!.Select(s => s.ToSilence())];
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The decoded answer; null for 404 (no such alert); the server's error message for other failures.</summary>
    private async Task<T?> Get<T>(string path, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return default;
        }

        await EnsureSuccess(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(AlertApiProtocol.Json, cancellationToken);
    }

    private async Task<T> Post<T>(string path, object body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, AlertApiProtocol.Json, cancellationToken);
        await EnsureSuccess(response, cancellationToken);
        return await response.Content.ReadFromJsonAsync<T>(AlertApiProtocol.Json, cancellationToken)
            ?? throw new HttpRequestException($"{path}: empty answer from obs up");
    }

    private static async Task EnsureSuccess(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            throw response.StatusCode == HttpStatusCode.BadRequest
                ? new ArgumentException($"obs up refused the request: {text}")
                : new HttpRequestException($"obs up answered {(int)response.StatusCode}: {text}");
        }
    }
}
