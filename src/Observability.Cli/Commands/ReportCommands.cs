using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Options;
using Observability.Core.Telemetry;
using Observability.Reports;
using Observability.Reports.Delivery;
using Observability.Reports.Model;
using Observability.Reports.Scheduling;
using Observability.Reports.Sections;
using Observability.Storage.DuckDb;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Http;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary><c>obs report run | list | schedule list</c>: health reports over the embedded store, or Elasticsearch with <c>--es</c>.</summary>
internal static class ReportCommands
{
    public static IEnumerable<Command> Create()
    {
        var report = new Command("report", "Cluster health reports (HTML with charts, Markdown, JSON)");
        report.Subcommands.Add(Run());
        report.Subcommands.Add(List());
        var schedule = new Command("schedule", "Report schedules from obs.yml (reports.schedules)");
        schedule.Subcommands.Add(ScheduleList());
        report.Subcommands.Add(schedule);
        return [report];
    }

    /// <summary>"24h", "7d", "90m", "1.12:00:00" → a positive period.</summary>
    public static TimeSpan ParsePeriod(string text)
    {
        var t = text.Trim();
        if (t.Length > 1 && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n > 0)
        {
            switch (char.ToLowerInvariant(t[^1]))
            {
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
                case 'd': return TimeSpan.FromDays(n);
                case 'w': return TimeSpan.FromDays(7 * n);
            }
        }

        return TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero
            ? span
            : throw new ObsConfigException("--period", $"'{text}' is not a period like 24h, 7d or 90m");
    }

    /// <summary>Runs one report over the store in <paramref name="data"/>, writing it to <paramref name="output"/> and storing it.</summary>
    /// <summary>With <paramref name="esUrl"/> the documents are read from Elasticsearch (credentials from <c>OBS_ES_*</c>); alerts and dead letters still from <paramref name="data"/>.</summary>
    public static async Task<ReportRunResult> RunReportAsync(string data, string output, TimeSpan period, DateTimeOffset end, string name, ReportsOptions options, CancellationToken ct,
        string? esUrl = null)
    {
        options.Validate();
        if (string.IsNullOrWhiteSpace(esUrl) && Api.Reports.HttpReportClient.TryConnect(data) is { } api)
        {
            // obs up holds the store (DuckDB lets one process open it): it builds and stores the report, this process delivers it.
            using (api)
            {
                var started = TimeProvider.System.GetTimestamp();
                var artifacts = await api.RunAsync(name, end, period, options.Report, ct);
                using var client = new HttpClient();
                using var telemetry = new ComponentTelemetry(ReportRunner.Component);
                var failed = await new ReportDeliveries(ReportDeliveries.Configured(options, output, client), telemetry, NullLogger<ReportDeliveries>.Instance, options.DeliveryRetry())
                    .DeliverAsync(artifacts, ct);
                return new ReportRunResult(artifacts, TimeProvider.System.GetElapsedTime(started), failed);
            }
        }

        using var store = DuckDbStore.Open(new DuckDbOptions { DataDirectory = data });
        ElasticsearchStore? es = null;
        if (!string.IsNullOrWhiteSpace(esUrl))
        {
            var esOptions = new ElasticsearchOptions();
            esOptions.AddUrls(esUrl);
            es = ElasticsearchStore.Create(esOptions);
        }

        await using var esScope = es;
        using var http = new HttpClient();
        using var runner = new ReportRunner(ReportSections.Create(store, es?.Connection), store, options.Report, TimeProvider.System, ReportDeliveries.Configured(options, output, http),
            NullLogger<ReportRunner>.Instance, options.DeliveryRetry());
        return await runner.RunAsync(name, ReportPeriod.Ending(end, period), ct);
    }

    private static Option<string> DataOption() => DataDirectoryOption.Create();

    private static Option<string?> ConfigOption() => new("--config") { Description = "obs.yml with a reports section (schedules, smtp, webhook, thresholds); default ./obs.yml when present" };

    private static ReportsOptions LoadOptions(string? config)
    {
        var path = config ?? (File.Exists("obs.yml") ? "obs.yml" : null);
        if (config is not null && !File.Exists(config))
        {
            throw new FileNotFoundException($"--config: {config} does not exist");
        }

        return ObsConfiguration.Bind<ReportsOptions>(ObsConfiguration.Load(path), "reports");
    }

    private static Command Run()
    {
        var cmd = new Command("run", "Build a report now: obs report run --period 24h --out DIR");
        var period = new Option<string>("--period") { Description = "Length of the reported period (24h, 7d, 90m)", DefaultValueFactory = _ => "24h" };
        var output = new Option<string>("--out") { Description = "Directory the .html, .md and .json are written to", DefaultValueFactory = _ => "reports" };
        var end = new Option<string?>("--end") { Description = "End of the period (ISO 8601, default now)" };
        var name = new Option<string>("--name") { Description = "Report name", DefaultValueFactory = _ => "adhoc" };
        var data = DataOption();
        var config = ConfigOption();
        var es = new Option<string?>("--es") { Description = "Read the documents from Elasticsearch at this URL (credentials from OBS_ES_API_KEY etc.); alerts and dead letters still from --data" };
        foreach (var o in new Option[] { period, output, end, name, data, config, es })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            try
            {
                var endAt = r.GetValue(end) is { } e
                    ? DateTimeOffset.Parse(e, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                    : TimeProvider.System.GetUtcNow();
                var result = await RunReportAsync(r.GetValue(data)!, r.GetValue(output)!, ParsePeriod(r.GetValue(period)!), endAt, r.GetValue(name)!, LoadOptions(r.GetValue(config)), ct, r.GetValue(es));
                foreach (var path in new DirectoryDelivery(r.GetValue(output)!).PathsFor(result.Artifacts))
                {
                    Console.WriteLine(path);
                }

                foreach (var (delivery, error) in result.FailedDeliveries)
                {
                    Console.Error.WriteLine($"delivery failed: {delivery}: {error}");
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report {result.Artifacts.Report.Id} in {result.Elapsed.TotalSeconds:F2} s"));
                return result.FailedDeliveries.Count == 0 ? 0 : 3;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or ObsConfigException or FileNotFoundException or InvalidOperationException
                                       or ElasticsearchException or HttpRequestException)
            {
                Console.Error.WriteLine($"obs report run: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static Command List()
    {
        var cmd = new Command("list", "Past reports stored in the obs_reports table (obs-reports)");
        var data = DataOption();
        var limit = new Option<int>("--limit") { Description = "Most recent N", DefaultValueFactory = _ => 50 };
        cmd.Options.Add(data);
        cmd.Options.Add(limit);
        cmd.SetAction((ParseResult r) =>
        {
            try
            {
                using var store = DuckDbStore.Open(new DuckDbOptions { DataDirectory = r.GetValue(data)! });
                var table = new Table().AddColumns("id", "name", "period start", "period end", "generated");
                foreach (var s in new ReportStore(store).List(r.GetValue(limit)))
                {
                    table.AddRow(s.Id, Markup.Escape(s.Name), Rendering(s.PeriodStart), Rendering(s.PeriodEnd), Rendering(s.GeneratedAt));
                }

                AnsiConsole.Write(table);
                return 0;
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine($"obs report list: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static Command ScheduleList()
    {
        var cmd = new Command("list", "Configured schedules, their last run (from the data directory) and next fire times");
        var config = ConfigOption();
        var count = new Option<int>("--next") { Description = "Upcoming fire times to show per schedule", DefaultValueFactory = _ => 3 };
        var data = DataOption();
        cmd.Options.Add(config);
        cmd.Options.Add(count);
        cmd.Options.Add(data);
        cmd.SetAction((ParseResult r) =>
        {
            try
            {
                var options = LoadOptions(r.GetValue(config));
                options.Validate();
                if (options.Schedules.Count == 0)
                {
                    Console.WriteLine("no report schedules configured (reports.schedules in obs.yml)");
                    return 0;
                }

                var table = new Table().AddColumns("name", "cron", "time zone", "period", "misfire", "last handled (UTC)", "next fires (local → UTC)");
                var now = TimeProvider.System.GetUtcNow();
                var state = new ReportScheduleState(r.GetValue(data)!, NullLogger<ReportScheduleState>.Instance);
                foreach (var s in options.Schedules)
                {
                    var zone = s.Zone();
                    var next = ReportSchedules.NextFireTimes(s, now, r.GetValue(count))
                        .Select(t => $"{TimeZoneInfo.ConvertTime(t, zone):yyyy-MM-dd HH:mm zzz} → {Rendering(t)}");
                    var last = state.LastFire(s.Name) is { } l ? Rendering(l) : "-";
                    table.AddRow(Markup.Escape(s.Name), Markup.Escape(s.Cron), Markup.Escape(s.TimeZone), s.Period.ToString(), s.Misfire, last, string.Join("\n", next));
                }

                AnsiConsole.Write(table);
                return 0;
            }
            catch (Exception e) when (e is ObsConfigException or FileNotFoundException or InvalidOperationException)
            {
                Console.Error.WriteLine($"obs report schedule list: {e.Message}");
                return 2;
            }
        });
        return cmd;
    }

    private static string Rendering(DateTimeOffset t) => Observability.Reports.Rendering.Format.Time(t);
}
