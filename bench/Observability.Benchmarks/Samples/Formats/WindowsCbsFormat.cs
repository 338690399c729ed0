using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Windows component-based servicing (CBS.log): <c>yyyy-MM-dd HH:mm:ss, Level</c> padded to a column, then the
/// component (CBS, CSI); client names of one to four words, stack address lists of varying length.
/// </summary>
internal static class WindowsCbsFormat
{
    private static readonly string[] Clients = ["WindowsUpdateAgent", "TrustedInstaller", "DISM Package Manager Provider", "Windows Update Standalone Installer"];

    private static string Session(Random r) => $"{r.Next(30546000, 30547000)}_{r.Next(100000000, 999999999)}";

    private static string Package(Random r) => $"Package_{(r.Next(2) == 0 ? "for_KB" + r.Next(2000000, 4000000) : r.Next(1, 60) + "_for_KB" + r.Next(2000000, 4000000))}~31bf3856ad364e35~amd64~~6.1.{r.Next(1, 4)}.{r.Next(0, 20)}";

    public static LogFormat Create() => new("windows-cbs", HeldOut: false, Header, [
        new("loaded", r => $"Loaded Servicing Stack v6.1.7601.{r.Next(17000, 24000)} with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_6.1.7601.{r.Next(17000, 24000)}_none_{Hex(r, 16)}\\cbscore.dll", 5, Level: "Info", Component: "CBS"),
        new("wcp-init", r => $"{Hex(r, 8)}@{r.Next(2016, 2017)}/{r.Next(1, 13)}/{r.Next(1, 29)}:{r.Next(24):D2}:{r.Next(60):D2}:{r.Next(60):D2}.{r.Next(1000):D3} WcpInitialize (wcp.dll version 0.0.0.6) called (stack {string.Join(' ', Enumerable.Range(0, r.Next(3, 8)).Select(_ => "@0x" + Hex(r, 11)))})", 8, Level: "Info", Component: "CSI"),
        new("session-init", r => $"Session: {Session(r)} initialized by client {Pick(r, Clients)}.", 10, Level: "Info", Component: "CBS"),
        new("applicability", r => $"Read out cached package applicability for package: {Package(r)}, ApplicableState: {r.Next(0, 120)}, CurrentState:{r.Next(0, 120)}", 25, Level: "Info", Component: "CBS"),
        new("sqm-init", r => $"SQM: Initializing online with Windows opt-in: {(r.Next(2) == 0 ? "False" : "True")}", 5, Level: "Info", Component: "CBS"),
        new("sqm-cleanup", r => "SQM: Cleaning up report files older than 10 days.", 5, Level: "Info", Component: "CBS"),
        new("sqm-upload", r => "SQM: Requesting upload of all unsent reports.", 5, Level: "Info", Component: "CBS"),
        new("sqm-failed", r => "SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 [HRESULT = 0x80004005 - E_FAIL]", 5, Level: "Info", Component: "CBS"),
        new("unrecognized", r => "Warning: Unrecognized packageExtended attribute.", 8, Level: "Info", Component: "CBS"),
        new("open-failed", r => $"Failed to internally open package. [HRESULT = 0x{Hex(r, 8)} - {Pick(r, ["CBS_E_INVALID_PACKAGE", "CBS_E_NOT_FOUND", "E_FAIL"])}]", 3, Level: "Error", Component: "CBS"),
        new("exec-complete", r => $"Exec: Processing complete.  Session: {Session(r)}, Package: {Package(r)} [HRESULT = 0x00000000 - S_OK]", 4, Level: "Info", Component: "CBS"),
        new("transaction", r => $"{Hex(r, 8)} CSI Transaction @0x{Hex(r, 7)} initialized for deployment engine {{d16b7c2d-4b3a-4c2d-9dc6-{Hex(r, 12)}}} with flags 0x0000000{r.Next(10)} and client id [{r.Next(10, 40)}]\"TI5.{Session(r)}:{r.Next(1, 9)}/\"", 5, Level: "Info", Component: "CSI"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "yyyy-MM-dd HH:mm:ss")}, {spec.Level,-21} {spec.Component,-6} ";
}
