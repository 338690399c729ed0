using System.CommandLine;

namespace Observability.Cli.Commands;

/// <summary>
/// The one <c>--data DIR</c> of every command that reads or writes obs up's data directory (the DuckDB store,
/// <c>obs-up.json</c>, <c>train/</c>, checkpoints), so a directory given to <c>obs up</c> is given the same way to the rest.
/// </summary>
internal static class DataDirectoryOption
{
    public const string EnvironmentVariable = "OBS_DATA";

    /// <param name="what">What the command finds there.</param>
    /// <param name="recursive">Given on a parent command, for all its subcommands.</param>
    public static Option<string> Create(string what = "Data directory of obs up: the DuckDB store and obs-up.json", bool recursive = false) => new("--data")
    {
        Description = $"{what}; default ${EnvironmentVariable} or ./data",
        DefaultValueFactory = _ => Default,
        Recursive = recursive,
    };

    public static string Default => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } dir ? dir : "data";
}
