using System.Globalization;
using Observability.Agent.Files;
using Observability.Core.Telemetry;
using Observability.Storage.DuckDb.Retention;

namespace Observability.Cli.Up;

/// <summary>
/// One reading of the pipeline's counters. <see cref="Lag"/> is events the agent read but that are not yet
/// acknowledged (stored or dead-lettered) end to end; <see cref="BytesBehind"/> is what the files hold beyond the
/// acknowledged checkpoints.
/// </summary>
public sealed record UpStatus(long Files, long LinesRead, long Shipped, long Indexed, long Duplicates, long DeadLettered, long BytesBehind, long StoreBytes = 0)
{
    public long Lag => Math.Max(0, LinesRead - Shipped);

    /// <param name="indexer">The indexer's telemetry; null where this process runs no indexer role.</param>
    /// <param name="storePath">The DuckDB file, whose size on disk (with its WAL) the line shows; null with <c>--es</c>.</param>
    public static UpStatus Read(FileAgent? agent, ComponentTelemetry? indexer, string? storePath = null)
    {
        var s = agent?.Telemetry;
        return new UpStatus(
            s?.Value("files_watched") ?? 0,
            s?.Value(TelemetryNames.Received) ?? 0,
            s?.Value(TelemetryNames.Sent) ?? 0,
            indexer?.Value(TelemetryNames.Sent) ?? 0,
            indexer?.Value(TelemetryNames.Dropped, "duplicate") ?? 0,
            indexer?.Value(TelemetryNames.Failed, "dead_letter") ?? 0,
            s?.Value("bytes_behind") ?? 0,
            storePath is null ? 0 : DuckDbStoreSize.OnDisk(storePath));
    }

    public string ToPlainLine() => string.Create(CultureInfo.InvariantCulture,
        $"status files={Files} lines_read={LinesRead} shipped={Shipped} indexed={Indexed} duplicates={Duplicates} dead_lettered={DeadLettered} lag={Lag} store_bytes={StoreBytes}");
}
