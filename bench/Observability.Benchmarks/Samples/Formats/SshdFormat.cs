using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// OpenSSH's sshd through syslog: <c>MMM dd HH:mm:ss host sshd[pid]: message</c>; attackers' user names,
/// reverse-DNS names and numeric addresses; "failure"/"failures" after a count. Held out: never tuned on.
/// </summary>
internal static class SshdFormat
{
    private static string Port(Random r) => r.Next(1024, 65535).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static LogFormat Create() => new("sshd", HeldOut: true, Header, [
        new("failed", r => $"Failed password for {Pick(r, Users)} from {Ip(r)} port {Port(r)} ssh2", 20),
        new("failed-invalid", r => $"Failed password for invalid user {Pick(r, Users)} from {Ip(r)} port {Port(r)} ssh2", 12),
        new("invalid", r => $"Invalid user {Pick(r, Users)} from {Ip(r)}", 10),
        new("userauth", r => $"input_userauth_request: invalid user {Pick(r, Users)} [preauth]", 10),
        new("authfail", r => $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={HostOrIp(r)}", 10),
        new("authfail-user", r => $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={HostOrIp(r)}  user={Pick(r, Users)}", 8),
        new("bye", r => $"Received disconnect from {Ip(r)}: 11: Bye Bye [preauth]", 8),
        new("closed", r => $"Connection closed by {Ip(r)} [preauth]", 6),
        new("reverse", r => $"reverse mapping checking getaddrinfo for {Pick(r, ["ns.example.com", "static.vnpt.vn", "host-" + r.Next(1, 255) + ".isp.net"])} [{Ip(r)}] failed - POSSIBLE BREAK-IN ATTEMPT!", 5),
        new("pam-more", r => { var n = r.Next(1, 6); return $"PAM {n} more authentication failure{(n == 1 ? string.Empty : "s")}; logname= uid=0 euid=0 tty=ssh ruser= rhost={Ip(r)}"; }, 4),
        new("accepted", r => $"Accepted password for {Pick(r, Users)} from {Ip(r)} port {Port(r)} ssh2", 3),
        new("no-ident", r => $"Did not receive identification string from {Ip(r)}", 2),
        new("repeated", r => $"message repeated {r.Next(2, 6)} times: [ Failed password for {Pick(r, Users)} from {Ip(r)} port {Port(r)} ssh2]", 2),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "MMM")} {t.Day,2} {D(t, "HH:mm:ss")} LabSZ sshd[{r.Next(1000, 32000)}]: ";
}
