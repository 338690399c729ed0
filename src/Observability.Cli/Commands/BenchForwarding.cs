using System.CommandLine;
using System.Diagnostics;

namespace Observability.Cli.Commands;

/// <summary>
/// <c>obs bench …</c>: the benchmarks are not part of obs. They build into obs-bench (bench/Observability.Benchmarks),
/// which <c>./obs</c> puts next to obs.dll; this command starts it with the same arguments, standard streams and
/// exit code, and says so plainly when this build has no benchmarks.
/// </summary>
internal static class BenchForwarding
{
    public const string Name = "bench";
    public const string FileName = "obs-bench.dll";

    /// <summary>Lists <c>bench</c> in obs's help; Program forwards <c>obs bench …</c> before parsing.</summary>
    public static Command Create()
    {
        var command = new Command(Name, "Benchmarks that print their figures as a last line of key=value pairs (obs-bench).")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction((parse, _) => RunAsync([.. parse.UnmatchedTokens], AppContext.BaseDirectory));
        return command;
    }

    /// <summary>Runs obs-bench from <paramref name="directory"/> and returns its exit code (1 when it is not there).</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, string directory)
    {
        var path = Path.Combine(directory, FileName);
        if (!File.Exists(path))
        {
            await Console.Error.WriteLineAsync(
                $"obs: benchmarks are not part of this build: build bench/Observability.Benchmarks ({FileName} was not found in {directory}; ./obs builds it)");
            return 1;
        }

        // The dotnet host that runs obs runs obs-bench too (obs itself may have been started through its apphost).
        var host = Path.GetFileNameWithoutExtension(Environment.ProcessPath) is "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        start.ArgumentList.Add(path);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {host} {path}");

        // Ctrl+C reaches obs-bench too (same process group) and it stops cleanly on its own; obs, whose first signal only
        // cancels its token (ShutdownSignals), waits for that exit code.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
