using Observability.Cli.Commands.Jobs;
using Observability.Cli.Commands.Tables;
using Observability.Training.Scheduling;
using Observability.Training.Specs;
using Spectre.Console;

namespace Observability.Cli.Tests.Tables;

/// <summary>List tables on an 80-column terminal: one line per row, ids whole, free text cut first.</summary>
public sealed class FittedTableTests
{
    private static (IAnsiConsole Console, StringWriter Output) Terminal(int width)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = width;
        return (console, output);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    private static JobRecord Job(string id, JobState state, int second, string? wait = null) => new()
    {
        JobId = id,
        Spec = new JobSpec { Name = "mlp-regression", Owner = "alice", Steps = 1000, WorldSize = 4, BatchSize = 8 },
        State = state,
        WaitReason = wait,
        Step = 120,
        TotalSteps = 1000,
        Loss = 0.1234,
        Attempt = 1,
        SubmittedAt = new DateTimeOffset(2026, 12, 5, 14, 11, second, TimeSpan.Zero),
    };

    private static readonly JobRecord[] Jobs =
    [
        Job("mlp-regression-20261205-141154-a1b2c3", JobState.Running, 54),
        Job("tiny-transformer-20261205-141201-d4e5f6", JobState.Pending, 59, "needs 4 free rank slots, the largest worker has 2 (w1: 2 of 2 busy)"),
    ];

    [Fact]
    public void Jobs_fit_80_columns_with_whole_ids_and_the_wait_reason_cut()
    {
        var (console, output) = Terminal(80);

        var hidden = JobView.RenderList(Jobs, console, 80);

        var lines = Lines(output);
        Assert.Equal(3, lines.Length); // header and one line per job: nothing wrapped
        Assert.All(lines, l => Assert.True(l.Length <= 80, $"{l.Length} columns: {l}"));
        Assert.StartsWith("tiny-transformer-20261205-141201-d4e5f6 ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("mlp-regression-20261205-141154-a1b2c3 ", lines[2], StringComparison.Ordinal);
        Assert.True(lines[1].Contains("pending (need…", StringComparison.Ordinal), output.ToString());
        Assert.Contains("…", lines[1], StringComparison.Ordinal);
        Assert.Contains("120/1000", lines[2], StringComparison.Ordinal);
        Assert.Contains("0.1234", lines[2], StringComparison.Ordinal);
        Assert.Contains("SUBMITTED", hidden);
    }

    [Fact]
    public void Without_a_width_every_column_and_value_is_printed_in_full()
    {
        var (console, output) = Terminal(80);

        var hidden = JobView.RenderList(Jobs, console, width: null);

        var text = output.ToString();
        Assert.Empty(hidden);
        Assert.Contains("needs 4 free rank slots, the largest worker has 2 (w1: 2 of 2 busy)", text, StringComparison.Ordinal);
        Assert.Contains("2026-12-05 14:11:54Z", text, StringComparison.Ordinal);
        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.DoesNotContain("…", text, StringComparison.Ordinal);
        Assert.Equal(3, Lines(output).Length);
    }

    [Fact]
    public void Free_text_is_cut_before_other_columns_and_kept_columns_never()
    {
        var table = new FittedTable(new FittedColumn("id", ColumnFit.Keep), new FittedColumn("name"), new FittedColumn("labels", ColumnFit.FreeText));
        table.AddRow(new string('i', 30), new string('n', 20), new string('l', 40));

        var layout = table.Fit(70);

        Assert.Equal([30, 20, 16], layout.Widths); // 70 - 2 gaps of 2: only the labels give way
        Assert.Equal([30, FittedTable.MinimumWidth, FittedTable.MinimumWidth], table.Fit(30).Widths); // cannot fit: the id still whole
        Assert.Equal("abcdefg…", FittedTable.Cut("abcdefghijk", 8));
    }
}
