using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Proxifier's connection log: <c>[MM.dd HH:mm:ss] program - message</c>, where the program name varies line
/// by line and 64-bit programs carry a second word (<c>chrome.exe *64</c>); targets are names on some lines and
/// addresses on others; a lifetime is <c>00:01</c> or <c>&lt;1 sec</c>.
/// </summary>
internal static class ProxifierFormat
{
    private static readonly string[] Apps = ["chrome.exe", "chrome.exe *64", "firefox.exe", "Dropbox.exe", "YodaoDict.exe", "QQ.exe", "SogouCloud.exe", "WeChat.exe *64"];
    private const string Proxy = "proxy.cse.cuhk.edu.hk:5070";

    private static string Target(Random r) => $"{HostOrIp(r)}:{(r.Next(4) == 0 ? r.Next(1024, 9000) : 443)}";

    private static string Lifetime(Random r) => r.Next(3) switch
    {
        0 => "<1 sec",
        1 => $"{r.Next(60):D2}:{r.Next(60):D2}",
        _ => $"{r.Next(1, 3):D2}:{r.Next(60):D2}:{r.Next(60):D2}",
    };

    public static LogFormat Create() => new("proxifier", HeldOut: false, Header, [
        new("open", r => $"{Target(r)} open through proxy {Proxy} {(r.Next(3) == 0 ? "SOCKS5" : "HTTPS")}", 35),
        new("close", r => $"{Target(r)} close, {r.Next(0, 1024)} bytes sent, {r.Next(0, 1024)} bytes received, lifetime {Lifetime(r)}", 15),
        new("close-kb", r => $"{Target(r)} close, {r.Next(1024, 900000)} bytes ({F(r.NextDouble() * 800, 2)} KB) sent, {r.Next(1024, 900000)} bytes ({F(r.NextDouble() * 800, 2)} KB) received, lifetime {Lifetime(r)}", 20),
        new("cannot-connect", r => $"{Target(r)} error : Could not connect through proxy {Proxy} - Proxy server cannot establish a connection with the target, status code {Pick(r, ["502", "503", "504"])}", 8),
        new("canceled", r => $"{Target(r)} error : A connection request was canceled before the completion.", 5),
        new("resolve", r => $"{Proxy} error : Could not connect to proxy {Proxy} - Could not resolve {Proxy} error {r.Next(11001, 11005)}", 3),
        new("open-direct", r => $"{Target(r)} open directly", 4),
        new("closed-by-peer", r => $"{Target(r)} error : Connection closed unexpectedly.", 3),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"[{D(t, "MM.dd HH:mm:ss")}] {Pick(r, Apps)} - ";
}
