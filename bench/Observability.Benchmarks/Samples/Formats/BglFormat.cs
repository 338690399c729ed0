using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Blue Gene/L RAS events: <c>alert epoch yyyy.MM.dd location yyyy-MM-dd-HH.mm.ss.ffffff location type component
/// level message</c>; the alert column is <c>-</c> or a category word, a location may be <c>UNKNOWN_LOCATION</c>.
/// </summary>
internal static class BglFormat
{
    private static string Location(Random r) => r.Next(20) == 0
        ? "UNKNOWN_LOCATION"
        : $"R{r.Next(8)}{r.Next(8)}-M{r.Next(2)}-N{r.Next(16):X}-{(r.Next(5) == 0 ? "I:J18-U" + Pick(r, ["01", "11"]) : "C:J" + r.Next(2, 18).ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "-U" + Pick(r, ["01", "11"]))}";

    public static LogFormat Create() => new("bgl", HeldOut: false, Header, [
        new("icache", r => "instruction cache parity error corrected", 20, Component: "KERNEL"),
        new("hummer", r => $"{r.Next(1, 99999)} double-hummer alignment exceptions", 10, Component: "KERNEL"),
        new("core", r => $"generating core.{r.Next(1, 9999)}", 15, Component: "KERNEL"),
        new("dtlb", r => "data TLB error interrupt", 5, Level: "FATAL", Component: "KERNEL"),
        new("ce-sym", r => $"CE sym {r.Next(0, 40)}, at 0x{Hex(r, 8)}, mask 0x{Hex(r, 2)}", 10, Component: "KERNEL"),
        new("ciod-read", r => $"ciod: failed to read message prefix on control stream (CioStream socket to {Ip(r)}:{r.Next(30000, 60000)}", 6, Level: "FATAL", Component: "APP"),
        new("ddr-total", r => $"total of {r.Next(1, 40)} ddr error(s) detected and corrected", 8, Component: "KERNEL"),
        new("rts", r => $"rts: kernel terminated for reason {r.Next(1001, 1005)}", 3, Level: "FATAL", Component: "KERNEL"),
        new("assert", r => $"idoproxydb hit ASSERT condition: ASSERT expression=0 Source file=idotransportmgr.cpp Source line={r.Next(1000, 1100)} Function=int IdoTransportMgr::SendPacket(IdoUdpMgr*, BglCtlPcktHeader*)", 2, Level: "FATAL", Component: "MMCS"),
        new("generated-cores", r => $"ciod: generated {r.Next(1, 128)} core files for program /bgl/apps/{Pick(r, Gen.Users)}/{Pick(r, ["sweep3d", "linpack", "a.out", "miranda"])}", 4, Component: "APP"),
        new("ddr-rank", r => $"{r.Next(1, 40)} ddr errors(s) detected and corrected on rank 0, symbol {r.Next(0, 40)}, bit {r.Next(0, 8)}", 6, Component: "KERNEL"),
        new("vpd", r => $"Node card VPD check: {Pick(r, ["U01", "U11"])} node in processor card slot J{r.Next(2, 18):D2} do not match. VPD ecid {Hex(r, 20).ToUpperInvariant()}, found {Hex(r, 20).ToUpperInvariant()}", 2, Level: "WARNING", Component: "DISCOVERY"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec)
    {
        var alert = spec.Level == "FATAL" ? (spec.Component == "APP" ? "APPREAD" : "KERNDTLB") : "-";
        var location = Location(r);
        var epoch = (long)(t - DateTime.UnixEpoch).TotalSeconds;
        var type = spec.Component is "DISCOVERY" or "MMCS" ? "NULL" : "RAS";
        return $"{alert} {epoch} {D(t, "yyyy.MM.dd")} {location} {D(t, "yyyy-MM-dd-HH.mm.ss.ffffff")} {location} {type} {spec.Component} {spec.Level} ";
    }
}
