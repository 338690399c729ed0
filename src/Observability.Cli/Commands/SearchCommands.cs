using System.CommandLine;
using System.Globalization;
using Observability.Cli.Commands.Search;
using Observability.Query.Kql;
using Observability.Query.Time;
using Observability.Storage.Abstractions;

namespace Observability.Cli.Commands;

/// <summary>obs search, obs tail.</summary>
internal static class SearchCommands
{
    public static IEnumerable<Command> Create() => [SearchCommand(), TailCommand()];

    private sealed record CommonOptions(
        Argument<string> Query,
        Option<string> Data,
        Option<string?> Es,
        Option<string> Type,
        Option<bool> Json,
        Option<string[]> Fields,
        Option<string> TimeZone);

    private static CommonOptions AddCommon(Command cmd)
    {
        var common = new CommonOptions(
            new Argument<string>("query") { Description = "KQL, e.g. 'log.level:error and not service.name:api'; empty matches everything", DefaultValueFactory = _ => string.Empty },
            DataDirectoryOption.Create(),
            new Option<string?>("--es") { Description = "Search Elasticsearch at this URL instead (credentials from OBS_ES_API_KEY etc.)" },
            new Option<string>("--type") { Description = "Data stream type: logs, metrics or traces", DefaultValueFactory = _ => "logs" },
            new Option<bool>("--json") { Description = "Print hits as NDJSON (ECS)" },
            new Option<string[]>("--fields") { Description = "Fields to show (comma-separated or repeated; patterns like host.* allowed)", AllowMultipleArgumentsPerToken = true },
            new Option<string>("--tz")
            {
                Description = "Time zone of dates without an offset and of rounding (now/d), as Kibana's dateFormat:tz: Browser (this machine's zone), UTC, Europe/Berlin, +01:00",
                DefaultValueFactory = _ => Environment.GetEnvironmentVariable("OBS_TZ") is { Length: > 0 } tz ? tz : "Browser",
            });
        cmd.Arguments.Add(common.Query);
        cmd.Options.Add(common.Data);
        cmd.Options.Add(common.Es);
        cmd.Options.Add(common.Type);
        cmd.Options.Add(common.Json);
        cmd.Options.Add(common.Fields);
        cmd.Options.Add(common.TimeZone);
        return common;
    }

    private static Command SearchCommand()
    {
        var cmd = new Command("search", "Search logs (or metrics, traces) with KQL, newest first.");
        var common = AddCommon(cmd);
        var from = new Option<string?>("--from") { Description = "Start: ISO 8601, now-1h, now-1d/d, or a duration such as 15m (that long ago)" };
        var to = new Option<string?>("--to") { Description = "End (inclusive), same forms as --from" };
        var sort = new Option<string?>("--sort") { Description = "Sort field; '-' prefix for descending (default -@timestamp)" };
        var limit = new Option<int>("--limit") { Description = "Hits to print", DefaultValueFactory = _ => 100 };
        var pageSize = new Option<int>("--page-size") { Description = "Hits fetched per request when paging", DefaultValueFactory = _ => 1000 };
        var all = new Option<bool>("--all") { Description = "Print every hit, paging through the store (ignores --limit)" };
        var after = new Option<string?>("--after") { Description = "Continue after this cursor (printed when more hits remain)" };
        var count = new Option<bool>("--count") { Description = "Only count: print the number of hits as the last line" };
        var histogram = new Option<string?>("--histogram") { Description = "Count hits per interval (30s, 1m, 1h, 1d) and draw bars" };
        var top = new Option<string?>("--top") { Description = "Most frequent values of this field among the hits" };
        var topSize = new Option<int>("--top-size") { Description = "How many values --top shows", DefaultValueFactory = _ => 10 };
        foreach (var o in new Option[] { from, to, sort, limit, pageSize, all, after, count, histogram, top, topSize })
        {
            cmd.Options.Add(o);
        }

        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var time = TimeProvider.System;
            return await Guard(async () =>
            {
                var zone = ZonedTime.FindZone(r.GetValue(common.TimeZone) ?? "Browser");
                var kql = new KqlOptions { Time = time, TimeZone = zone };
                var text = r.GetValue(common.Query) ?? string.Empty;
                _ = KqlParser.Parse(text); // fail fast with the caret before opening any store
                var fields = SplitFields(r.GetValue(common.Fields));
                var request = new SearchRequest(
                    text,
                    From: TimeArgument.Parse(r.GetValue(from), time, zone, roundUp: false),
                    To: TimeArgument.Parse(r.GetValue(to), time, zone, roundUp: true),
                    Limit: Math.Clamp(r.GetValue(pageSize), 1, 10_000),
                    DataStreamType: r.GetValue(common.Type) ?? "logs",
                    Sort: r.GetValue(sort),
                    Fields: fields,
                    SearchAfter: r.GetValue(after),
                    TimeZone: zone.Id);
                await using var opened = await SearchStoreFactory.OpenAsync(r.GetValue(common.Data) ?? DataDirectoryOption.Default, r.GetValue(common.Es), kql);
                var output = Console.Out;
                if (r.GetValue(histogram) is { } h)
                {
                    var interval = IntervalParser.Parse(h);
                    var buckets = await Aggregating(opened).HistogramAsync(request, interval, ct);
                    HistogramPrinter.Print(output, buckets, interval);
                    output.WriteLine($"total {buckets.Sum(b => b.Count).ToString(CultureInfo.InvariantCulture)}");
                    return 0;
                }

                if (r.GetValue(top) is { } field)
                {
                    HistogramPrinter.PrintTop(output, await Aggregating(opened).TopValuesAsync(request, field, r.GetValue(topSize), ct));
                    return 0;
                }

                if (r.GetValue(count))
                {
                    var counted = await opened.Store.SearchAsync(request with { CountOnly = true, Limit = 0 }, ct);
                    output.WriteLine(counted.Total.ToString(CultureInfo.InvariantCulture));
                    return 0;
                }

                var printer = new HitPrinter(output, r.GetValue(common.Json), fields);
                var remaining = r.GetValue(all) ? long.MaxValue : Math.Max(0, r.GetValue(limit));
                long printed = 0;
                long total = 0;
                var lowerBound = false;
                string? cursor = request.SearchAfter;
                while (remaining > 0)
                {
                    var page = await opened.Store.SearchAsync(request with { Limit = (int)Math.Min(request.Limit, remaining), SearchAfter = cursor }, ct);
                    total = page.Total;
                    lowerBound = page.TotalIsLowerBound;
                    foreach (var hit in page.Hits)
                    {
                        printer.Print(hit);
                    }

                    printed += page.Hits.Count;
                    remaining -= page.Hits.Count;
                    cursor = page.NextPage;
                    if (cursor is null || page.Hits.Count == 0)
                    {
                        cursor = null;
                        break;
                    }
                }

                if (!r.GetValue(common.Json))
                {
                    Console.Error.WriteLine($"{printed.ToString(CultureInfo.InvariantCulture)} of {total.ToString(CultureInfo.InvariantCulture)}{(lowerBound ? "+" : string.Empty)} hits" +
                        (cursor is not null ? $"; more with --after {cursor}" : string.Empty));
                }

                return 0;
            });
        });
        return cmd;
    }

    private static Command TailCommand()
    {
        var cmd = new Command("tail", "Follow new matches of a KQL query live (Ctrl+C to stop).");
        var common = AddCommon(cmd);
        var lines = new Option<int>("--lines", "-n") { Description = "Matches to show before following", DefaultValueFactory = _ => 10 };
        var interval = new Option<string>("--interval") { Description = "Polling interval", DefaultValueFactory = _ => "1s" };
        cmd.Options.Add(lines);
        cmd.Options.Add(interval);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guard(async () =>
        {
            var time = TimeProvider.System;
            var zone = ZonedTime.FindZone(r.GetValue(common.TimeZone) ?? "Browser");
            var text = r.GetValue(common.Query) ?? string.Empty;
            _ = KqlParser.Parse(text);
            var fields = SplitFields(r.GetValue(common.Fields));
            await using var opened = await SearchStoreFactory.OpenAsync(r.GetValue(common.Data) ?? DataDirectoryOption.Default, r.GetValue(common.Es), new KqlOptions { Time = time, TimeZone = zone });
            var loop = new TailLoop(opened.Store, text, r.GetValue(common.Type) ?? "logs", new HitPrinter(Console.Out, r.GetValue(common.Json), fields).Print, time)
            {
                PollInterval = IntervalParser.Parse(r.GetValue(interval) ?? "1s"),
                TimeZone = zone.Id,
            };
            try
            {
                await loop.RunAsync(r.GetValue(lines), ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C: a normal end of tailing.
            }

            return 0;
        }));
        return cmd;
    }

    private static IAggregatingSearchStore Aggregating(OpenedStore opened) =>
        opened.Aggregating ?? throw new InvalidOperationException("--histogram and --top are not supported by this store");

    private static List<string>? SplitFields(string[]? values)
    {
        var fields = values?.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        return fields is { Count: > 0 } ? fields : null;
    }

    /// <summary>Errors a user can fix print one clear message (syntax errors with a caret) and exit non-zero.</summary>
    private static async Task<int> Guard(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (KqlSyntaxException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Reason}{Environment.NewLine}{e.Caret}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            return 130;
        }
        catch (Exception e)
        {
            // Bad arguments, a missing or locked store, an unreachable Elasticsearch: one line, no stack trace.
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }
}
