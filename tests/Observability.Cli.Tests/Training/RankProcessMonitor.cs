using System.Text;
using System.Text.RegularExpressions;

namespace Observability.Cli.Tests.Training;

/// <summary>
/// Samples the process table every 50 ms for rank processes whose config lies under one data directory (their
/// <c>OBS_TRAIN_RANK_CONFIG</c>, read from <c>/proc/PID/environ</c>) and keeps every sample, so a test can say that
/// no two attempts of a job ever ran at the same time, and when the last rank of an attempt was gone.
/// </summary>
internal sealed partial class RankProcessMonitor : IAsyncDisposable
{
    private readonly string _dataDirectory;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _gate = new();
    private readonly List<(DateTime At, List<(int Pid, int Attempt, int Rank)> Ranks)> _samples = [];

    public RankProcessMonitor(string dataDirectory)
    {
        _dataDirectory = Path.GetFullPath(dataDirectory);
        _loop = Task.Run(LoopAsync);
    }

    public List<(DateTime At, List<(int Pid, int Attempt, int Rank)> Ranks)> Samples
    {
        get
        {
            lock (_gate)
            {
                return [.. _samples];
            }
        }
    }

    public List<(int Pid, int Attempt, int Rank)> Current() => Samples.LastOrDefault().Ranks ?? [];

    public List<(int Pid, int Attempt, int Rank)> Scan()
    {
        var found = new List<(int, int, int)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var env = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "environ"))).Split('\0');
                var config = env.FirstOrDefault(e => e.StartsWith("OBS_TRAIN_RANK_CONFIG=", StringComparison.Ordinal));
                if (config is null || !config.Contains(_dataDirectory, StringComparison.Ordinal))
                {
                    continue;
                }

                var m = ConfigName().Match(config);
                if (m.Success)
                {
                    found.Add((pid, int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
                        int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // gone meanwhile, or not ours
            }
        }

        return found;
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var ranks = Scan();
            lock (_gate)
            {
                _samples.Add((DateTime.UtcNow, ranks));
            }

            await Task.Delay(50).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [GeneratedRegex(@"rank-(\d+)\.attempt-(\d+)\.json$")]
    private static partial Regex ConfigName();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
