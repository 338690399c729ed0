using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace Observability.Storage.DuckDb;

/// <summary>
/// DuckDB's file lock, as its errors describe it. A database file is locked by the process that opens it: exclusively
/// for writing, shared for <c>ACCESS_MODE=READ_ONLY</c>. DuckDB names the holder in its error
/// (<c>Conflicting lock is held in /usr/bin/dotnet (PID 4242) by user …</c>), which this reads so that the error a user
/// sees says which process to look at, and so that <see cref="DuckDbStore.Open"/> can wait for a short-lived holder
/// (an <c>obs search</c> that opened the file read-only) instead of failing at once.
/// </summary>
public static partial class DuckDbFileLock
{
    /// <summary>True for DuckDB's lock conflict only (not for other errors that merely contain "lock", such as a bad block).</summary>
    public static bool IsConflict(DuckDBException e) =>
        e.Message.Contains("Could not set lock", StringComparison.Ordinal) || e.Message.Contains("Conflicting lock", StringComparison.Ordinal);

    /// <summary>The process id DuckDB names as the holder, if it names one.</summary>
    public static int? HolderPid(string message)
    {
        var m = PidPattern().Match(message);
        return m.Success && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>"PID 4242 (dotnet obs.dll search …)" where the command line can be read, else "PID 4242", or "another process".</summary>
    public static string DescribeHolder(string message)
    {
        if (HolderPid(message) is not { } pid)
        {
            return "another process";
        }

        try
        {
            // /proc/PID/cmdline separates arguments with NUL; shown cut short, it only helps to tell which command it is.
            var cmdline = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return cmdline.Length == 0 ? $"PID {pid}" : $"PID {pid} ({(cmdline.Length > 120 ? cmdline[..120] + "…" : cmdline)})";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"PID {pid}";
        }
    }

    /// <summary>The error a command shows when the file stays locked.</summary>
    public static InvalidOperationException InUse(string path, DuckDBException e) =>
        new($"the store {path} is in use by {DescribeHolder(e.Message)} (is `obs up` running? then search through it)", e);

    [GeneratedRegex(@"\(PID ([0-9]+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex PidPattern();
}
