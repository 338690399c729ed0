using System.CommandLine;

namespace Observability.Cli.Commands.Tables;

/// <summary><c>--wide</c> of the list commands: every column and every value in full, however wide the terminal.</summary>
internal static class WideOption
{
    public static Option<bool> Create() => new("--wide", "-w")
    {
        Description = "Every column and value in full (on a terminal, tables are fitted to its width; to a file or pipe they are always full)",
    };

    /// <summary>Says on stderr which columns were left out to fit the terminal, so the table does not silently lose them.</summary>
    public static void NoteHidden(IReadOnlyList<string> hidden)
    {
        if (hidden.Count > 0)
        {
            Console.Error.WriteLine($"({string.Join(", ", hidden.Select(h => h.ToLowerInvariant()))} left out to fit the terminal; --wide shows them)");
        }
    }
}
