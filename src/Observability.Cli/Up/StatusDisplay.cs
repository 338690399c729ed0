using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Observability.Cli.Up;

/// <summary>
/// The live status line of <c>obs up</c>: a Spectre.Console live table on a terminal, a plain
/// <c>status key=value …</c> line every few seconds otherwise (logs, CI, pipes).
/// </summary>
public sealed class StatusDisplay : BackgroundService
{
    private readonly Func<UpStatus> _read;
    private readonly bool _interactive;
    private readonly TimeSpan _interval;
    private readonly string _banner;
    private readonly TimeProvider _time;

    public StatusDisplay(Func<UpStatus> read, bool interactive, TimeSpan interval, string banner, TimeProvider time)
    {
        _read = read;
        _interactive = interactive;
        _interval = interval;
        _banner = banner;
        _time = time;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (_interactive)
            {
                await RunLiveAsync(stoppingToken);
            }
            else if (_interval > TimeSpan.Zero)
            {
                await RunPlainAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunPlainAsync(CancellationToken ct)
    {
        Console.Out.WriteLine(_banner);
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_interval, _time, ct);
            Console.Out.WriteLine(_read().ToPlainLine());
        }
    }

    private async Task RunLiveAsync(CancellationToken ct)
    {
        AnsiConsole.MarkupLine(Markup.Escape(_banner));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var h in new[] { "files", "lines read", "shipped", "indexed", "duplicates", "dead-lettered", "lag", "store" })
        {
            table.AddColumn(new TableColumn(h).RightAligned());
        }

        table.AddRow(Cells(_read()));
        await AnsiConsole.Live(table).AutoClear(false).StartAsync(async ctx =>
        {
            while (!ct.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), _time, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                var s = _read();
                table.Rows.Update(0, 0, new Text(s.Files.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));
                var cells = Cells(s);
                for (var i = 0; i < cells.Length; i++)
                {
                    table.Rows.Update(0, i, new Text(cells[i]));
                }

                ctx.Refresh();
            }
        });
    }

    private static string[] Cells(UpStatus s) =>
    [
        F(s.Files), F(s.LinesRead), F(s.Shipped), F(s.Indexed), F(s.Duplicates), F(s.DeadLettered), F(s.Lag), Observability.Storage.DuckDb.Retention.RetentionValue.FormatSize(s.StoreBytes),
    ];

    private static string F(long v) => v.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
