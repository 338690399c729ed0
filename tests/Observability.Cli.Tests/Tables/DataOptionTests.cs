using Observability.Cli.Tests.Up;
using Observability.Testing;

namespace Observability.Cli.Tests.Tables;

/// <summary>Every command that reads obs up's data directory takes the same --data DIR.</summary>
public sealed class DataOptionTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("data-option");

    [Theory]
    [InlineData("alerts", "list")]
    [InlineData("jobs", "list")]
    [InlineData("report", "list")]
    public async Task List_commands_read_the_directory_given_with_data(string command, string sub)
    {
        var data = _dir.File("elsewhere");
        Directory.CreateDirectory(data);

        var (exitCode, output) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(2), command, sub, "--data", data);

        Assert.True(exitCode == 0, $"obs {command} {sub} --data exited {exitCode}:\n{output}");
        Assert.DoesNotContain("Unrecognized", output, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Alerts_refuse_data_and_store_together()
    {
        var (exitCode, output) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(2), "alerts", "list", "--data", _dir.File("a"), "--store", _dir.File("b.duckdb"));

        Assert.Equal(2, exitCode);
        Assert.Contains("--data DIR or --store FILE, not both", output, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
