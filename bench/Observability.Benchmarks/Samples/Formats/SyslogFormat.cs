using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Linux syslog (RFC 3164 as written by sysklogd/rsyslog): <c>MMM dd HH:mm:ss host program[pid]: message</c>,
/// the day space-padded, the host a name. Messages of pam, ftpd, xinetd, cups and the kernel.
/// </summary>
internal static class SyslogFormat
{
    private static readonly string[] Services = ["telnet", "ftp", "rsync", "tftp", "swat"];

    public static LogFormat Create() => new("syslog", HeldOut: false, Header, [
        new("su-open", r => $"session opened for user {Pick(r, Users)} by (uid={r.Next(0, 600)})", 12, Component: "su(pam_unix)"),
        new("su-close", r => $"session closed for user {Pick(r, Users)}", 12, Component: "su(pam_unix)"),
        new("sshd-authfail", r => $"authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={HostOrIp(r)}", 15, Component: "sshd(pam_unix)"),
        new("sshd-authfail-user", r => $"authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost={HostOrIp(r)}  user={Pick(r, Users)}", 8, Component: "sshd(pam_unix)"),
        new("sshd-unknown", r => "check pass; user unknown", 6, Component: "sshd(pam_unix)"),
        new("ftpd-connect", r => $"connection from {Ip(r)} ({(r.Next(2) == 0 ? string.Empty : Pick(r, Hosts))}) at {D(new DateTime(2005, 7, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(r.Next(9_000_000)), "ddd MMM d HH:mm:ss yyyy")}", 10, Component: "ftpd"),
        new("xinetd-start", r => $"START: {Pick(r, Services)} pid={r.Next(1000, 32000)} from={Ip(r)}", 6, Component: "xinetd"),
        new("xinetd-exit", r => $"EXIT: {Pick(r, Services)} status={r.Next(0, 2)} pid={r.Next(1000, 32000)} duration={r.Next(0, 900)}(sec)", 5, Component: "xinetd"),
        new("cups-start", r => "cupsd startup succeeded", 2, Component: "cups"),
        new("cups-stop", r => "cupsd shutdown succeeded", 2, Component: "cups"),
        new("kernel-oom", r => $"Out of Memory: Killed process {r.Next(100, 32000)} ({Pick(r, Programs)}).", 3, Component: "kernel"),
        new("logrotate", r => $"ALERT exited abnormally with [{r.Next(1, 3)}]", 2, Component: "logrotate"),
        new("snmpd", r => $"Received SNMP packet(s) from {Ip(r)}", 4, Component: "snmpd"),
        new("gpm", r => $"imps2: Auto-detected intellimouse PS/{r.Next(2, 3)}", 1, Component: "gpm"),
    ]);

    private static readonly string[] Machines = ["combo", "nimbus", "atlas"];

    private static string Header(Random r, DateTime t, LogTemplate spec)
    {
        var program = spec.Component is "cups" or "logrotate" or "kernel" ? spec.Component : $"{spec.Component}[{r.Next(100, 32000)}]";
        return $"{D(t, "MMM")} {t.Day,2} {D(t, "HH:mm:ss")} {Pick(r, Machines)} {program}: ";
    }
}
