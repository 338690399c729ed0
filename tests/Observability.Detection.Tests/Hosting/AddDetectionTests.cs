using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Options;
using Observability.Core.Storage;
using Observability.Detection.Alerting;
using Observability.Detection.Hosting;

namespace Observability.Detection.Tests.Hosting;

public sealed class AddDetectionTests
{
    [Fact]
    public async Task One_registration_hosts_detector_and_alerter_and_a_nan_loss_reaches_the_store_and_the_file_receiver()
    {
        var dir = Path.Combine(Path.GetTempPath(), "obs-detect-host-" + Guid.NewGuid().ToString("N"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Detection:AlertStorePath"] = Path.Combine(dir, "alerts.duckdb"),
            ["Detection:RulesDirectory"] = Path.Combine(dir, "rules"),
            ["Detection:DefaultReceiver"] = "ops",
            ["Detection:GroupWait"] = "00:00:05",
            ["Detection:Receivers:0:Name"] = "ops",
            ["Detection:Receivers:0:FilePath"] = Path.Combine(dir, "notifications.jsonl"),
        }).Build();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddDetection(config);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var processor = host.Services.GetRequiredService<IDocumentProcessor>();
            var doc = new EcsDocument();
            doc.Set(EcsFields.HostName, "node4");
            doc.Set("training.job.id", "job-42");
            doc.Set("training.rank", 3L);
            doc.Set("training.loss", double.NaN);
            Assert.Equal(ProcessOutcome.Keep, processor.Process(doc));

            var store = host.Services.GetRequiredService<IAlertStore>();
            var path = Path.Combine(dir, "notifications.jsonl");
            for (var i = 0; i < 200 && !File.Exists(path); i++)
            {
                time.Advance(TimeSpan.FromSeconds(1));
                await Task.Delay(25);
            }

            var firing = await store.ListAsync(AlertState.Firing, 10, CancellationToken.None);
            var alert = Assert.Single(firing, a => a.Name == "TrainingLossNonFinite");
            Assert.Equal("job-42", alert.Labels["job"]);
            Assert.Equal(100, alert.Score);
            Assert.Contains("loss is NaN", alert.Annotations["description"], StringComparison.Ordinal);
            var line = Assert.Single(await File.ReadAllLinesAsync(path));
            Assert.Equal("ops", JsonDocument.Parse(line).RootElement.GetProperty("receiver").GetString());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Fact]
    public void Bad_configuration_fails_at_start_up_naming_the_key()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Detection:EvaluationInterval"] = "00:00:00" }).Build();
        var e = Assert.Throws<ObsConfigException>(() => new ServiceCollection().AddDetection(config));
        Assert.Equal("detection.evaluation_interval", e.Key);
    }
}
