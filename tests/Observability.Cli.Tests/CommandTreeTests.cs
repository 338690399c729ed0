using System.Diagnostics;

namespace Observability.Cli.Tests;

/// <summary>
/// The obs command tree is assembled from every area's command file; a duplicate name anywhere makes every
/// invocation fail at parse time, so each level's help must come up.
/// </summary>
public sealed class CommandTreeTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("bench --help")]
    [InlineData("up --help")]
    [InlineData("search --help")]
    [InlineData("jobs --help")]
    [InlineData("alerts --help")]
    [InlineData("report --help")]
    [InlineData("setup --help")]
    [InlineData("pipelines --help")]
    [InlineData("agent --help")]
    public async Task Every_command_level_parses_and_shows_its_help(string arguments)
    {
        var (exitCode, output) = await RunObsAsync(arguments);

        Assert.True(exitCode == 0, $"obs {arguments} exited {exitCode}:\n{output}");
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Obs_bench_lists_each_benchmark_once()
    {
        var (exitCode, output) = await RunObsAsync("bench --help");

        Assert.Equal(0, exitCode);
        foreach (var bench in new[] { "e2e", "ship", "search", "console", "pipelines", "patterns", "train", "detect", "incidents", "report", "es-bulk" })
        {
            Assert.Contains($"  {bench} ", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Obs_bench_fails_plainly_where_the_build_has_no_benchmarks()
    {
        var empty = Directory.CreateTempSubdirectory("obs-no-bench-");
        try
        {
            Assert.Equal(1, await Commands.BenchForwarding.RunAsync(["--help"], empty.FullName));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Obs_jobs_submit_local_with_a_bad_slot_count_exits_2_naming_the_setting()
    {
        var dir = Directory.CreateTempSubdirectory("obs-jobs-slots-");
        try
        {
            var spec = Path.Combine(dir.FullName, "job.yml");
            await File.WriteAllTextAsync(spec, "name: slots\nmodel: { type: mlp, hidden: 4, layers: 1 }\ndataset: { type: regression, samples: 16, features: 2, seed: 1 }\nsteps: 1\nworldSize: 1\n");

            var (exitCode, output) = await RunObsAsync($"jobs submit \"{spec}\" --local --slots 0 --data \"{dir.FullName}\"");

            Assert.True(exitCode == 2, $"exited {exitCode}:\n{output}");
            Assert.Contains("training.worker.slots must be positive, got 0", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs the built obs (obs.dll beside the tests) with <paramref name="arguments"/>: its exit code and stdout + stderr.</summary>
    internal static async Task<(int ExitCode, string Output)> RunObsAsync(string arguments)
    {
        var start = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "obs.dll")}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
