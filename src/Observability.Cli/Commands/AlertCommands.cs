using System.CommandLine;
using Observability.Cli.Commands.Tables;
using Observability.Detection.Alerting;
using Observability.Detection.Storage;
using Observability.Query.Time;
using Spectre.Console;

namespace Observability.Cli.Commands;

/// <summary>obs alerts list|show|silence|ack, on the embedded alert store (obs-alerts in DuckDB).</summary>
internal static class AlertCommands
{
    private static readonly Option<string> DataOption = DataDirectoryOption.Create("Data directory of obs up, whose store holds obs_alerts", recursive: true);

    /// <summary>The older spelling, kept: a DuckDB file rather than a directory, which also reaches a standalone detector's store.</summary>
    private static readonly Option<string?> StoreOption = new("--store")
    {
        Description = "Alias of --data naming the DuckDB file itself (DIR/obs.duckdb), or a standalone detector's Detection:AlertStorePath",
        Recursive = true,
    };

    public static IEnumerable<Command> Create()
    {
        var alerts = new Command("alerts", "List, inspect, silence and acknowledge alerts.");
        alerts.Options.Add(DataOption);
        alerts.Options.Add(StoreOption);
        alerts.Subcommands.Add(List());
        alerts.Subcommands.Add(Show());
        alerts.Subcommands.Add(SilenceCommand());
        alerts.Subcommands.Add(Ack());
        return [alerts];
    }

    private static Command List()
    {
        var state = new Option<string?>("--state") { Description = "pending, firing or resolved (default: all)" };
        var limit = new Option<int>("--limit") { Description = "Most recent alerts to show", DefaultValueFactory = _ => 50 };
        var wide = WideOption.Create();
        var cmd = new Command("list", "Alerts, most recently updated first.");
        cmd.Options.Add(state);
        cmd.Options.Add(limit);
        cmd.Options.Add(wide);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guarded(async () =>
        {
            AlertState? s = r.GetValue(state) is { } text ? Enum.Parse<AlertState>(text, ignoreCase: true) : null;
            var store = Open(r);
            using var owner = store as IDisposable;
            var list = await store.ListAsync(s, Math.Clamp(r.GetValue(limit), 1, 10_000), ct);
            WideOption.NoteHidden(Render(list, AnsiConsole.Console, FittedTable.TerminalWidth(r.GetValue(wide))));
            return 0;
        }));
        return cmd;
    }

    /// <summary>The list fitted to <paramref name="width"/> (null: in full): labels are cut first, then names; the fingerprint never.</summary>
    /// <returns>The headers of the columns left out to fit.</returns>
    internal static IReadOnlyList<string> Render(IReadOnlyList<Alert> alerts, IAnsiConsole console, int? width)
    {
        var table = new FittedTable(
            new FittedColumn("fingerprint", ColumnFit.Keep),
            new FittedColumn("alert"),
            new FittedColumn("state", ColumnFit.Keep),
            new FittedColumn("score", ColumnFit.Keep),
            new FittedColumn("since", HideOrder: 2),
            new FittedColumn("labels", ColumnFit.FreeText),
            new FittedColumn("ack", HideOrder: 1));
        foreach (var a in alerts)
        {
            table.AddRow(a.Fingerprint, a.Name, new FittedCell(a.State.ToString().ToLowerInvariant(), a.State == AlertState.Firing ? "red" : null),
                a.Score.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), a.StartsAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture),
                a.Labels.ToString(), a.AcknowledgedBy ?? string.Empty);
        }

        return table.Write(console, width);
    }

    private static Command Show()
    {
        var fp = new Argument<string>("fingerprint") { Description = "Fingerprint (or a unique prefix)" };
        var cmd = new Command("show", "One alert with its labels, annotations and explanation.");
        cmd.Arguments.Add(fp);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guarded(async () =>
        {
            var store = Open(r);
            using var owner = store as IDisposable;
            var a = await store.GetAsync(r.GetValue(fp)!, ct);
            if (a is null)
            {
                Console.Error.WriteLine($"no alert with fingerprint {r.GetValue(fp)}");
                return 1;
            }

            Console.WriteLine($"alert:       {a.Name}");
            Console.WriteLine($"fingerprint: {a.Fingerprint}");
            Console.WriteLine($"state:       {a.State.ToString().ToLowerInvariant()}  score {a.Score:F0}");
            Console.WriteLine($"active at:   {a.ActiveAt:u}   starts {a.StartsAt:u}   ends {(a.EndsAt is { } e ? e.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "-")}");
            Console.WriteLine($"labels:      {a.Labels}");
            foreach (var (k, v) in a.Annotations)
            {
                Console.WriteLine($"{k + ":",-13}{v}");
            }

            if (a.AcknowledgedBy is not null)
            {
                Console.WriteLine($"acknowledged by {a.AcknowledgedBy}");
            }

            return 0;
        }));
        return cmd;
    }

    private static Command SilenceCommand()
    {
        var matchers = new Argument<string[]>("matchers") { Description = "Label matchers: name=value, name!=value, name=~regex, name!~regex", Arity = ArgumentArity.ZeroOrMore };
        var query = new Option<string?>("--query") { Description = "KQL over the alert's labels (host:node1 and gpu:3)" };
        var duration = new Option<string>("--duration") { Description = "How long: 30m, 2h, 1d", DefaultValueFactory = _ => "2h" };
        var author = new Option<string>("--author") { Description = "Who silences", DefaultValueFactory = _ => Environment.UserName };
        var comment = new Option<string>("--comment") { Description = "Why (required)", Required = true };
        var cmd = new Command("silence", "Mute matching alerts for a while.");
        cmd.Arguments.Add(matchers);
        cmd.Options.Add(query);
        cmd.Options.Add(duration);
        cmd.Options.Add(author);
        cmd.Options.Add(comment);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guarded(async () =>
        {
            var parsed = (r.GetValue(matchers) ?? []).Select(LabelMatcher.Parse).ToList();
            var kql = r.GetValue(query);
            if (parsed.Count == 0 && string.IsNullOrWhiteSpace(kql))
            {
                Console.Error.WriteLine("give at least one matcher or --query");
                return 2;
            }

            if (kql is not null)
            {
                new KqlAlertQueryCompiler().Compile(kql); // fail now, not when the alerter reads it
            }

            var now = TimeProvider.System.GetUtcNow();
            var silence = new Silence
            {
                Id = Guid.NewGuid().ToString("N"),
                Matchers = parsed,
                Query = kql,
                StartsAt = now,
                EndsAt = now + IntervalParser.Parse(r.GetValue(duration)!),
                CreatedBy = r.GetValue(author)!,
                Comment = r.GetValue(comment)!,
            };
            var store = Open(r);
            using var owner = store as IDisposable;
            await store.AddSilenceAsync(silence, ct);
            Console.WriteLine($"silence {silence.Id} until {silence.EndsAt:u}");
            return 0;
        }));
        return cmd;
    }

    private static Command Ack()
    {
        var fp = new Argument<string>("fingerprint") { Description = "Fingerprint (or a unique prefix)" };
        var author = new Option<string>("--author") { Description = "Who acknowledges", DefaultValueFactory = _ => Environment.UserName };
        var cmd = new Command("ack", "Acknowledge an alert: it is not repeated any more (its resolution still is).");
        cmd.Arguments.Add(fp);
        cmd.Options.Add(author);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) => await Guarded(async () =>
        {
            var store = Open(r);
            using var owner = store as IDisposable;
            if (!await store.AcknowledgeAsync(r.GetValue(fp)!, r.GetValue(author)!, ct))
            {
                Console.Error.WriteLine($"no alert with fingerprint {r.GetValue(fp)}");
                return 1;
            }

            Console.WriteLine($"acknowledged {r.GetValue(fp)}");
            return 0;
        }));
        return cmd;
    }

    /// <summary>Bad input (a matcher, KQL, a duration, a state) is a clear one-line error and exit code 2, not a stack trace.</summary>
    private static async Task<int> Guarded(Func<Task<int>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (DuckDB.NET.Data.DuckDBException e) when (e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase))
        {
            // DuckDB lets one process open a file; a running obs up is reached through its API instead (see Open).
            Console.Error.WriteLine($"error: the alert store is in use by another process ({e.Message})");
            return 1;
        }
        catch (HttpRequestException e)
        {
            Console.Error.WriteLine($"error: obs up's API: {e.Message}");
            return 1;
        }
    }

    /// <summary>
    /// Through obs up's API when an obs up holding this store is alive (it owns the file), else the file itself.
    /// Dispose the result when it is disposable.
    /// </summary>
    private static IAlertStore Open(ParseResult r)
    {
        var path = Path.GetFullPath(StorePath(r));
        if (Path.GetFileName(path) == Observability.Storage.DuckDb.DuckDbOptions.DefaultFileName
            && Api.Alerts.HttpAlertStore.TryConnect(Path.GetDirectoryName(path)!) is { } api)
        {
            return api;
        }

        return new DuckDbAlertStore(path, TimeProvider.System);
    }

    /// <summary>--store FILE when given, else the store file in --data DIR; both at once is ambiguous.</summary>
    private static string StorePath(ParseResult r)
    {
        if (r.GetValue(StoreOption) is not { } file)
        {
            return Path.Combine(r.GetValue(DataOption)!, Observability.Storage.DuckDb.DuckDbOptions.DefaultFileName);
        }

        if (r.GetResult(DataOption) is { Implicit: false })
        {
            throw new ArgumentException("give --data DIR or --store FILE, not both");
        }

        return file;
    }
}
