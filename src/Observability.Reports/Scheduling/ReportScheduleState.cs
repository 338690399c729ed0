using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Observability.Reports.Scheduling;

/// <summary>
/// Each schedule's last handled fire time, kept in <c>report-schedules.json</c> in the data directory so that runs missed
/// while the process was down can be caught up on start-up (Quartz's in-memory store forgets them). A fire time only moves
/// forward; every change is written to a temporary file and renamed over the old one, so a crash never leaves half a file.
/// A file that cannot be read is moved aside (<c>.corrupt</c>) and the schedules start afresh, which costs at most one
/// catch-up run and never stops the service.
/// <para>On a cluster the times are also kept in a <see cref="ReportScheduleLog"/> that every candidate of the reports'
/// lease shares: a new leader merges it in (<see cref="SyncAsync"/>) before it catches up, and each handled fire time is
/// appended to it, so what one leader sent is not sent again by the next.</para>
/// </summary>
public sealed class ReportScheduleState
{
    public const string FileName = "report-schedules.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };
    private readonly Lock _lock = new();
    private readonly Dictionary<string, DateTimeOffset> _lastFire;
    private readonly ILogger _logger;
    private readonly ReportScheduleLog? _shared;

    public ReportScheduleState(string dataDirectory, ILogger<ReportScheduleState> logger, ReportScheduleLog? shared = null)
    {
        Path = System.IO.Path.Combine(dataDirectory, FileName);
        _logger = logger;
        _shared = shared;
        _lastFire = Load();
    }

    public string Path { get; }

    /// <summary>The last fire time of <paramref name="schedule"/> that ran (or was taken as the start), null if never seen.</summary>
    public DateTimeOffset? LastFire(string schedule)
    {
        lock (_lock)
        {
            return _lastFire.TryGetValue(schedule, out var t) ? t : null;
        }
    }

    /// <summary>Records <paramref name="fire"/> as handled in the file, unless a later fire time is already recorded.</summary>
    public void Record(string schedule, DateTimeOffset fire) => RecordLocal(schedule, fire);

    /// <summary>
    /// Records <paramref name="fire"/> in the file and, on a cluster, in the shared log. A shared log that cannot be
    /// written is logged, not thrown: the report was sent, and the worst outcome is that a later leader sends it again.
    /// </summary>
    public async Task RecordAsync(string schedule, DateTimeOffset fire, CancellationToken cancellationToken)
    {
        if (!RecordLocal(schedule, fire) || _shared is null)
        {
            return;
        }

        try
        {
            await _shared.AppendAsync(schedule, fire, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(e, "Report schedule {Schedule}: fire time {Fire} not written to {Topic}; the next leader may run it again", schedule, fire, Observability.Core.Transport.Topics.ReportSchedules);
        }
    }

    /// <summary>
    /// Merges the shared log into this process's record (later times win) before a new leader catches up; without a
    /// shared log (one process) nothing to do. Fails if the log cannot be read: acting on a stale record could resend.
    /// </summary>
    public async Task SyncAsync(CancellationToken cancellationToken)
    {
        if (_shared is null)
        {
            return;
        }

        foreach (var (schedule, fire) in await _shared.LoadAsync(cancellationToken).ConfigureAwait(false))
        {
            RecordLocal(schedule, fire);
        }
    }

    private bool RecordLocal(string schedule, DateTimeOffset fire)
    {
        lock (_lock)
        {
            if (_lastFire.TryGetValue(schedule, out var known) && known >= fire)
            {
                return false;
            }

            _lastFire[schedule] = fire.ToUniversalTime();
            Save();
            return true;
        }
    }

    private Dictionary<string, DateTimeOffset> Load()
    {
        if (!File.Exists(Path))
        {
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }

        try
        {
            var file = JsonSerializer.Deserialize<StateFile>(File.ReadAllText(Path), Json) ?? throw new JsonException("the file holds null");
            return new Dictionary<string, DateTimeOffset>(file.LastFire ?? [], StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            var aside = Path + ".corrupt";
            File.Move(Path, aside, overwrite: true);
            _logger.LogWarning(e, "Report schedule state {Path} is unreadable, moved to {Aside}; missed runs before now are not caught up", Path, aside);
            return new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        }
    }

    private void Save()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temp = Path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(new StateFile(1, new Dictionary<string, DateTimeOffset>(_lastFire, StringComparer.Ordinal)), Json));
        File.Move(temp, Path, overwrite: true);
    }

    private sealed record StateFile(
        [property: System.Text.Json.Serialization.JsonPropertyName("version")] int Version,
        [property: System.Text.Json.Serialization.JsonPropertyName("last_fire")] Dictionary<string, DateTimeOffset>? LastFire);
}
