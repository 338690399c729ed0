using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Apache httpd 2.0 error log: <c>[Www Mmm dd HH:mm:ss yyyy] [level] message</c>, client errors carrying a
/// <c>[client ip]</c> of their own; mod_jk's notices.
/// </summary>
internal static class ApacheErrorFormat
{
    public static LogFormat Create() => new("apache-error", HeldOut: false, Header, [
        new("jk-found", r => $"jk2_init() Found child {r.Next(1000, 32000)} in scoreboard slot {r.Next(0, 12)}", 30, Level: "notice"),
        new("jk-ok", r => "workerEnv.init() ok /etc/httpd/conf/workers2.properties", 25, Level: "notice"),
        new("jk-state", r => $"mod_jk child workerEnv in error state {r.Next(6, 9)}", 25, Level: "error"),
        new("jk-init", r => $"mod_jk child init {r.Next(-2, 2)} {r.Next(-2, 0)}", 3, Level: "error"),
        new("jk-cant", r => $"jk2_init() Can't find child {r.Next(1000, 32000)} in scoreboard", 5, Level: "error"),
        new("dir-forbidden", r => $"[client {Ip(r)}] Directory index forbidden by rule: /var/www/html/{string.Join(string.Empty, Enumerable.Range(0, r.Next(0, 3)).Select(_ => Pick(r, ["icons/", "old/", "docs/", "blog/"])))}", 5, Level: "error"),
        new("no-file", r => $"[client {Ip(r)}] File does not exist: {Path(r, "/var/www/html/")}", 4, Level: "error"),
        new("script", r => $"[client {Ip(r)}] script not found or unable to stat: /var/www/cgi-bin/{Pick(r, ["awstats", "openwebmail", "formmail.pl", "php"])}", 1, Level: "error"),
        new("sigterm", r => "caught SIGTERM, shutting down", 1, Level: "notice"),
        new("resuming", r => "Apache/2.0.49 (Fedora) configured -- resuming normal operations", 1, Level: "notice"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"[{D(t, "ddd MMM dd HH:mm:ss yyyy")}] [{spec.Level}] ";
}
