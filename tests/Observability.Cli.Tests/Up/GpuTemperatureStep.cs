using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Testing;
using Observability.Testing.Http;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// The workload of the obs up detection tests: two GPUs of one host at their usual ~66 °C, then GPU 1 steps to ~95 °C
/// (past the 88 °C limit); an obs.yml that sends alerts to a webhook; and reading the GpuHealth alerts it received.
/// </summary>
internal static class GpuTemperatureStep
{
    public const string Host = "gpu-node-7";

    /// <summary>170 samples per GPU of <paramref name="host"/>, one a second, ending now; GPU 1's last 20 are at ~95 °C.</summary>
    public static List<TransportMessage> Messages(string host = Host)
    {
        var start = TimeProvider.System.GetUtcNow() - TimeSpan.FromSeconds(170);
        var messages = new List<TransportMessage>();
        for (var i = 0; i < 170; i++)
        {
            var at = start + TimeSpan.FromSeconds(i);
            messages.Add(Sample(host, at, gpu: 0, 66 + Wobble(i)));
            messages.Add(Sample(host, at, gpu: 1, (i < 150 ? 66 : 95) + Wobble(i + 7)));
        }

        return messages;
    }

    /// <summary>
    /// <c>&lt;name&gt;.yml</c> with a webhook receiver and a short group_wait (and the alerts' external URL, which says
    /// in each notification which process sent it). The rules folder re-declares the built-in GpuHealth rule with a
    /// 2 s <c>for</c> instead of 1 m (same name replaces it), so the tests do not wait a minute.
    /// </summary>
    public static string WriteConfig(TemporaryDirectory dir, Uri webhook, string name = "obs", string? externalUrl = null)
    {
        var rules = dir.File("rules");
        Directory.CreateDirectory(rules);
        File.WriteAllText(Path.Combine(rules, "gpu.yml"),
            """
            rules:
              - name: GpuHealth
                type: anomaly
                detector: gpu
                min_score: 50
                window: 2m
                for: 2s
                labels: {severity: warning}
            """);
        var config = dir.File($"{name}.yml");
        File.WriteAllText(config,
            $"""
            detection:
              rules_directory: {rules}
              external_url: {externalUrl ?? "http://127.0.0.1:9093"}
              default_receiver: oncall
              group_wait: "00:00:01"
              group_by: [alertname, host]
              receivers:
                - name: oncall
                  webhook_url: {webhook}
            """);
        return config;
    }

    public static bool IsThermal(JsonElement alert) => alert.GetProperty("labels").GetProperty("kind").GetString() == "thermal";

    /// <summary>Firing alerts named GpuHealth in the Alertmanager v4 payloads the listener received.</summary>
    public static IEnumerable<JsonElement> Firing(HttpReceiver receiver) =>
        receiver.Bodies
            .Select(b => JsonDocument.Parse(b).RootElement)
            .Where(r => r.GetProperty("version").GetString() == "4")
            .SelectMany(r => r.GetProperty("alerts").EnumerateArray())
            .Where(a => a.GetProperty("status").GetString() == "firing" && a.GetProperty("labels").GetProperty("alertname").GetString() == "GpuHealth");

    private static double Wobble(int i) => 0.4 * Math.Sin(i * 0.7);

    private static TransportMessage Sample(string host, DateTimeOffset at, int gpu, double celsius)
    {
        var doc = new EcsDocument { Id = EventIds.FromParts(host, gpu.ToString(System.Globalization.CultureInfo.InvariantCulture), at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)) };
        doc.Set(EcsFields.Timestamp, at);
        doc.Set(EcsFields.HostName, host);
        doc.Set(EcsFields.DataStreamType, "metrics");
        doc.Set(EcsFields.DataStreamDataset, "gpu");
        doc.Set(EcsFields.DataStreamNamespace, "default");
        doc.Set("gpu.index", (long)gpu);
        doc.Set("gpu.temperature.celsius", celsius);
        doc.Set("gpu.utilization.gpu.pct", 0.9);
        return new TransportMessage(Topics.Metrics, host, EcsJson.ToUtf8(doc));
    }
}
