using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// The kernel ring buffer of GPU nodes through syslog: <c>MMM dd HH:mm:ss host kernel: [uptime] message</c>,
/// hosts numbered; NVIDIA driver (NVRM Xid), NVSwitch, mlx5, EDAC and OOM messages. Written as a held-out
/// format, moved to the tuned ones when its header exposed a flaw in the header learning.
/// </summary>
internal static class KernelNvrmFormat
{
    private static string Pci(Random r) => $"0000:{r.Next(256):x2}:00";

    public static LogFormat Create() => new("kernel-nvrm", HeldOut: false, Header, [
        new("xid79", r => $"NVRM: Xid (PCI:{Pci(r)}): 79, pid={r.Next(1000, 99999)}, name={Pick(r, Programs)}, GPU has fallen off the bus.", 6),
        new("xid13", r => $"NVRM: Xid (PCI:{Pci(r)}): 13, pid={r.Next(1000, 99999)}, name={Pick(r, Programs)}, Graphics Exception: ESR 0x{Hex(r, 6)}=0x{Hex(r, 8)} 0x{Hex(r, 6)}=0x{Hex(r, 1)} 0x{Hex(r, 6)}=0x{Hex(r, 8)}", 10),
        new("xid31", r => $"NVRM: Xid (PCI:{Pci(r)}): 31, pid={r.Next(1000, 99999)}, name={Pick(r, Programs)}, Ch {Hex(r, 8)}, intr 00000000. MMU Fault: ENGINE GRAPHICS GPCCLIENT_T1_{r.Next(8)} faulted @ 0x7f_{Hex(r, 8)}. Fault is of type FAULT_PDE ACCESS_TYPE_{Pick(r, ["READ", "WRITE"])}", 8),
        new("xid48", r => $"NVRM: Xid (PCI:{Pci(r)}): 48, pid='<unknown>', name=<unknown>, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition {r.Next(8)}, subpartition {r.Next(2)}.", 3),
        new("gpu-at", r => $"NVRM: GPU at PCI:{Pci(r)}: GPU-{Uuid(r)}", 4),
        new("serial", r => $"NVRM: GPU Board Serial Number: {r.NextInt64(1000000000000, 9999999999999)}", 4),
        new("sxid", r => $"nvidia-nvswitch{r.Next(6)}: SXid (PCI:{Pci(r)}.0): {Pick(r, ["12028", "20034", "22013"])}, Non-fatal, Link {r.Next(0, 36)} {Pick(r, ["LTSSM Fault Up", "MC TS crumbstore MCTO", "egress non-posted PRIV error"])}", 6),
        new("link-up", r => $"mlx5_core {Pci(r)}.{r.Next(2)} ib{r.Next(4)}: Link up", 10),
        new("link-down", r => $"mlx5_core {Pci(r)}.{r.Next(2)} ib{r.Next(4)}: Link down", 6),
        new("oom", r => $"Out of memory: Killed process {r.Next(1000, 99999)} ({Pick(r, Programs)}) total-vm:{r.Next(100000, 99999999)}kB, anon-rss:{r.Next(100000, 99999999)}kB, file-rss:{r.Next(0, 99999)}kB, shmem-rss:{r.Next(0, 9999)}kB", 5),
        new("edac", r => $"EDAC MC{r.Next(4)}: {r.Next(1, 9)} CE memory read error on CPU_SrcID#{r.Next(2)}_Ha#{r.Next(2)}_Chan#{r.Next(4)}_DIMM#{r.Next(2)} (channel:{r.Next(4)} slot:{r.Next(2)} page:0x{Hex(r, 6)} offset:0x{Hex(r, 3)} grain:32 syndrome:0x0)", 8),
        new("segfault", r => $"{Pick(r, Programs)}[{r.Next(1000, 99999)}]: segfault at {Hex(r, 10)} ip {Hex(r, 12)} sp {Hex(r, 12)} error {Pick(r, ["4", "6", "14"])} in libcuda.so.{r.Next(500, 560)}.{r.Next(10, 99)}[{Hex(r, 12)}+{Hex(r, 6)}]", 4),
        new("hung", r => $"INFO: task {Pick(r, Programs)}:{r.Next(1000, 99999)} blocked for more than {r.Next(1, 10) * 120} seconds.", 4),
        new("persistence", r => $"NVRM: Persistence mode is {Pick(r, ["enabled", "disabled"])} for device {Pci(r)}.0", 3),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) =>
        $"{D(t, "MMM")} {t.Day,2} {D(t, "HH:mm:ss")} gpu-node-{r.Next(1, 64):D2} kernel: [{r.Next(100, 9_000_000),5}.{r.Next(1_000_000):D6}] ";
}
