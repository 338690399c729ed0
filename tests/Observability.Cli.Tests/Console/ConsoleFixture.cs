using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Cli.Up;
using Observability.Core.Documents;
using Observability.Detection.Alerting;
using Observability.Reports;
using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Reports.Tests.Rendering;
using Observability.Storage.DuckDb;
using Observability.Testing;
using Observability.Training.Hosting;
using Observability.Training.Persistence;
using Observability.Training.Scheduling;
using Observability.Training.Specs;
using Observability.Training.Workers;
using PuppeteerSharp;

namespace Observability.Cli.Tests.Console;

/// <summary>
/// One running obs up (in this process, on a temporary DuckDB store) with an hour of logs and metrics, a training run
/// of two ranks (rank 1 slow), a firing alert and a stored report; and, once a test opens a page, Debian's headless chromium.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string JobId = "job-console-1";
    public const int ErrorLines = 40;

    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("console");

    public UpApplication Up { get; private set; } = null!;

    public IBrowser? Browser { get; private set; }

    public DateTimeOffset Now { get; } = DateTimeOffset.UtcNow;

    public string BaseUrl => Up.Instance!.Url;

    public string LoginUrl => Up.ConsoleLoginUrl!;

    public async Task InitializeAsync()
    {
        var data = _dir.File("data");
        await SeedTrainingRunAsync(Path.Combine(data, "train"));
        Up = UpApplication.Create(new UpSettings { DataDirectory = data, Interactive = false, StatusInterval = TimeSpan.Zero, Metrics = false, ConsoleLevel = Serilog.Events.LogEventLevel.Warning });
        await Up.StartAsync(CancellationToken.None);
        await WriteRankLogsAsync(Path.Combine(data, "train"));
        await WriteAsync([.. Logs(), .. Metrics(), .. Steps()]);
        await Up.Services.GetRequiredService<IAlertStore>().UpsertAsync([FiringAlert()], CancellationToken.None);
        using var runner = new ReportRunner(ReportSections.Create(Up.Context.Store), Up.Context.Store, new ReportOptions(), TimeProvider.System, [], NullLogger<ReportRunner>.Instance);
        await runner.RunAsync("daily", ReportPeriod.Ending(Now, TimeSpan.FromDays(1)), CancellationToken.None);
    }

    public Task WriteAsync(IReadOnlyList<EcsDocument> docs) => new DuckDbWriter(Up.Context.Store, TimeProvider.System).WriteAsync(docs, CancellationToken.None);

    /// <summary>A page logged in through the printed link, at <paramref name="hash"/> once its route has drawn.</summary>
    public async Task<IPage> OpenAsync(string hash)
    {
        // Launched at the first page, so the tests without a browser do not start one.
        Browser ??= await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = HeadlessChromium.Find() ?? throw new InvalidOperationException("chromium not installed"),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
            DefaultViewport = new ViewPortOptions { Width = 1400, Height = 900 },
        });
        var page = await Browser.NewPageAsync();
        page.DefaultTimeout = 60_000;
        await page.GoToAsync(LoginUrl);
        // A new document, not a hash change on the page the login opened: its data-ready is then the route asked for.
        await page.GoToAsync("about:blank");
        await page.GoToAsync($"{BaseUrl}/console/#/{hash}");
        await page.WaitForSelectorAsync("main[data-ready]");
        return page;
    }

    /// <summary>The page as a PNG under docs/console/, referenced from docs/console.md.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = RepositoryRoot.Combine("docs", "console");
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(Path.Combine(dir, name + ".png"), new ScreenshotOptions { FullPage = false });
    }

    public static EcsDocument LogLine(string id, DateTimeOffset at, string host, string level, string message, string file = "/var/log/train/rank.log")
    {
        var d = new EcsDocument { Id = id, Timestamp = at, Message = message };
        d.Set(EcsFields.HostName, host);
        d.Set(EcsFields.LogLevel, level);
        d.Set(EcsFields.LogFilePath, file);
        d.Set("event.dataset", "training");
        return d;
    }

    private IEnumerable<EcsDocument> Logs() => Enumerable.Range(0, 200).Select(i => LogLine(
        EventIds.From("console-log", i), Now.AddMinutes(-60).AddSeconds(i * 17), $"gpu-node-{i % 3}", i % 5 == 0 ? "error" : "info",
        i % 5 == 0 ? $"step {i} CUDA out of memory" : $"step {i} ok", $"/var/log/train/rank-{i % 2}.log"));

    private IEnumerable<EcsDocument> Metrics() => Enumerable.Range(0, 120).Select(i =>
    {
        var d = new EcsDocument { Id = EventIds.From("console-metric", i), Timestamp = Now.AddMinutes(-60).AddSeconds(i * 30) };
        d.Set(EcsFields.HostName, $"gpu-node-{i % 3}");
        d.Set("data_stream.type", "metrics");
        d.Set("gpu.index", (long)(i % 2));
        d.Set("gpu.uuid", $"GPU-{i % 3}-{i % 2}");
        d.Set("gpu.utilization.gpu.pct", 0.5 + (0.4 * Math.Sin(i / 10.0)));
        d.Set("gpu.temperature.celsius", 60.0 + (i % 7));
        d.Set("system.cpu.total.norm.pct", 0.2 + (0.1 * (i % 4)));
        d.Set("system.memory.actual.used.pct", 0.4 + (0.01 * (i % 9)));
        return d;
    });

    private IEnumerable<EcsDocument> Steps() => Enumerable.Range(0, 2).SelectMany(rank => Enumerable.Range(1, 30).Select(step =>
    {
        var d = new EcsDocument { Id = EventIds.FromParts("console-step", JobId, rank.ToString(System.Globalization.CultureInfo.InvariantCulture), step.ToString(System.Globalization.CultureInfo.InvariantCulture)), Timestamp = Now.AddMinutes(-30).AddSeconds(step * 10) };
        d.Set("data_stream.type", "metrics");
        d.Set("event.dataset", "training");
        d.Set("training.job.id", JobId);
        d.Set("training.rank", (long)rank);
        d.Set("training.step", (long)step);
        d.Set("training.loss", 2.0 / step);
        var slow = rank == 1 ? 2.0 : 1.0; // rank 1 computes twice as long: a straggler
        d.Set("training.phase.data_ms", 5.0 * slow);
        d.Set("training.phase.forward_ms", 20.0 * slow);
        d.Set("training.phase.backward_ms", 40.0 * slow);
        d.Set("training.phase.communication_ms", 10.0);
        d.Set("training.phase.optimizer_ms", 5.0);
        d.Set("training.step.duration_ms", (70.0 * slow) + 10.0);
        return d;
    }));

    /// <summary>Written once obs up runs, so nothing its scheduler does at start with the replayed job touches them.</summary>
    private static async Task WriteRankLogsAsync(string train)
    {
        var jobDir = JobFiles.JobDirectory(train, JobId);
        for (var rank = 0; rank < 2; rank++)
        {
            var file = JobFiles.RankLog(jobDir, rank);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllLinesAsync(file, [$"rank {rank} started", $"rank {rank} step 30 loss 0.0667"]);
        }
    }

    private async Task SeedTrainingRunAsync(string train)
    {
        var spec = new JobSpec { Name = "mlp-regression", Owner = "ml-team", Steps = 30, WorldSize = 2 };
        var job = new JobRecord { JobId = JobId, Spec = spec, State = JobState.Succeeded, SubmittedAt = Now.AddMinutes(-31), StartedAt = Now.AddMinutes(-30), FinishedAt = Now.AddMinutes(-25), Step = 30, TotalSteps = 30, Loss = 2.0 / 30, Attempt = 1 };
        await using (var log = new FileJobEventLog(new TrainingOptions { DataDirectory = train }.EventLogPath))
        {
            await log.AppendAsync([job], CancellationToken.None);
        }

    }

    private Alert FiringAlert() => new()
    {
        Labels = new LabelSet(new Dictionary<string, string> { ["alertname"] = "GpuXidError", ["host"] = "gpu-node-1", ["severity"] = "critical" }),
        Annotations = new Dictionary<string, string> { ["summary"] = "2 NVIDIA XID errors on gpu-node-1 in 10 minutes", ["description"] = "drain the node and check nvidia-smi -q" },
        State = AlertState.Firing,
        ActiveAt = Now.AddMinutes(-5),
        StartsAt = Now.AddMinutes(-5),
        UpdatedAt = Now,
        Score = 0.97,
        GeneratorUrl = $"http://127.0.0.1:1/api/search?q={Uri.EscapeDataString("host.name:gpu-node-1 and log.level:error")}&type=logs&from={Uri.EscapeDataString(Now.AddHours(-1).ToString("O"))}",
    };

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        await Up.DisposeAsync();
        _dir.Dispose();
    }
}
