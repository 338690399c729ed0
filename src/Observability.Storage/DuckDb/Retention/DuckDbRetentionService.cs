using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Observability.Storage.DuckDb.Retention;

/// <summary>
/// Runs a <see cref="DuckDbRetention"/> pass at start and every <see cref="DuckDbRetentionOptions.IntervalSeconds"/>,
/// logs one line per pass that dropped something, and counts what it dropped. A failed pass is logged and the next one
/// tries again: retention never stops the store.
/// </summary>
public sealed class DuckDbRetentionService : BackgroundService
{
    private readonly DuckDbRetention _retention;
    private readonly DuckDbRetentionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _dropped;
    private long _failed;

    public DuckDbRetentionService(DuckDbStore store, DuckDbRetentionOptions options, TimeProvider time, ILogger<DuckDbRetentionService> logger)
    {
        _retention = new DuckDbRetention(store, options, time);
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Rows dropped since start, every table together.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Passes that failed (retried at the next interval).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.IntervalSeconds), _time);
        do
        {
            try
            {
                var pass = await Task.Run(() => _retention.RunAsync(stoppingToken), stoppingToken);
                Interlocked.Add(ref _dropped, pass.DroppedTotal);
                if (pass.DroppedTotal > 0)
                {
                    _logger.LogInformation(
                        "retention: dropped {Logs} logs, {Metrics} metrics, {Traces} traces older than {Before:O}; store {SizeBefore} → {SizeAfter} on disk, live data {LiveBefore} → {LiveAfter}",
                        pass.DroppedIn(DuckDbSchema.LogsTable), pass.DroppedIn(DuckDbSchema.MetricsTable), pass.DroppedIn(DuckDbSchema.TracesTable), pass.DroppedBefore,
                        RetentionValue.FormatSize(pass.Before.FileBytes), RetentionValue.FormatSize(pass.After.FileBytes),
                        RetentionValue.FormatSize(pass.Before.LiveBytes), RetentionValue.FormatSize(pass.After.LiveBytes));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Interlocked.Increment(ref _failed);
                _logger.LogWarning(e, "retention: pass failed; retrying in {Seconds} s", _options.IntervalSeconds);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
