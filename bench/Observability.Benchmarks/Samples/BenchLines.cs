using System.Globalization;
using System.Text;

namespace Observability.Benchmarks.Samples;

/// <summary>
/// Deterministic log lines for the pipeline benchmark: the training worker's text lines (the layout of
/// <c>bench/peers/genlog.py</c>) and kernel lines as kern.log, dmesg and journald write them, with NVIDIA
/// XID errors, OOM kills and link events among ordinary messages.
/// </summary>
public static class BenchLines
{
    private static readonly string[] Levels = ["INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "INFO", "WARN", "ERROR"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    public static IEnumerable<string> Training(int count, int seed = 7)
    {
        var r = new Random(seed);
        var t = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
        var sb = new StringBuilder(200);
        for (var i = 0; i < count; i++)
        {
            sb.Clear();
            sb.Append(t.AddMilliseconds(i * 3).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            sb.Append(' ').Append(Levels[r.Next(Levels.Length)].PadRight(5)).Append(" trainer[").Append(1000 + (i % 8)).Append("] node-").Append((i % 16).ToString("D2", CultureInfo.InvariantCulture)).Append(' ');
            switch (r.Next(5))
            {
                case 0:
                case 1:
                    sb.Append(CultureInfo.InvariantCulture, $"step={i} loss={r.NextDouble():F5} lr=3.0e-4 samples_per_s={900 + (r.NextDouble() * 400):F1} rank={i % 8}");
                    break;
                case 2:
                    sb.Append(CultureInfo.InvariantCulture, $"dataloader worker {i % 4} fetched batch {i} in {r.NextDouble() * 40:F2}ms from /data/shard-{i % 64:D5}.tar");
                    break;
                case 3:
                    sb.Append(CultureInfo.InvariantCulture, $"NCCL INFO Channel {i % 32:D2} : {i % 8}[{i % 8}] -> {(i + 1) % 8}[{(i + 1) % 8}] via P2P/IPC/read");
                    break;
                default:
                    sb.Append(CultureInfo.InvariantCulture, $"checkpoint saved to /ckpt/run-42/step-{i}.pt ({r.Next(100, 900)} MB) in {r.NextDouble() * 9:F2}s");
                    break;
            }

            yield return sb.ToString();
        }
    }

    public static IEnumerable<string> Kernel(int count, int seed = 11)
    {
        var r = new Random(seed);
        var t = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
        for (var i = 0; i < count; i++)
        {
            var now = t.AddMilliseconds(i * 7);
            var uptime = (12345.0 + (i * 0.007)).ToString("F6", CultureInfo.InvariantCulture);
            var body = r.Next(10) switch
            {
                0 => $"NVRM: Xid (PCI:0000:{r.Next(256):x2}:00): {new[] { 13, 31, 43, 48, 63, 74, 79, 94 }[r.Next(8)]}, pid={r.Next(1000, 99999)}, name=python3, GPU has fallen off the bus.",
                1 => $"Out of memory: Killed process {r.Next(1000, 99999)} (python3) total-vm:{r.Next(100000, 9999999)}kB, anon-rss:{r.Next(100000, 9999999)}kB, file-rss:0kB",
                2 => $"mlx5_core 0000:{r.Next(256):x2}:00.0 ib{r.Next(4)}: Link up",
                3 => $"EDAC MC{r.Next(2)}: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#{r.Next(4)}_DIMM#0 (channel:{r.Next(4)} slot:0 page:0x{r.Next(0xfffff):x})",
                4 => $"python3[{r.Next(1000, 99999)}]: segfault at {r.Next(0xfffff):x} ip 00007f{r.Next(0xffffff):x} sp 00007ffd{r.Next(0xffff):x} error 4 in libcuda.so.535.104[7f0000000000+1000]",
                _ => $"nvidia-nvlink: Nvlink Core is being initialized, major device number {r.Next(200, 250)}",
            };
            yield return (i % 3) switch
            {
                0 => $"{Months[now.Month - 1]} {now.Day,2} {now:HH:mm:ss} node-{i % 16:D2} kernel: [{uptime}] {body}",
                1 => $"[{uptime}] {body}",
                _ => $"{now:yyyy-MM-dd'T'HH:mm:ss.ffffff}+00:00 node-{i % 16:D2} kernel: {body}",
            };
        }
    }
}
