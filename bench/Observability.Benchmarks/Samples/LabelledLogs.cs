using System.Globalization;

namespace Observability.Benchmarks.Samples;

/// <summary>
/// Training-cluster log lines with known templates (training, NCCL, kernel, sshd), generated from a seed: the
/// background traffic of <c>obs bench incidents</c>' pattern suite. Variables include numbers, ids, IPs,
/// paths, durations, host names and free words (user names, program names); some templates differ by a
/// single constant word, which is where template miners go wrong.
/// </summary>
public static class LabelledLogs
{
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin", "mallory", "root", "svc_train", "oscar", "peggy"];
    private static readonly string[] Programs = ["python", "python3", "torchrun", "nccl-tests", "dcgmi", "sshd"];
    private static readonly string[] Partitions = ["gpu", "cpu", "debug", "a100", "h100"];
    private static readonly string[] Warnings =
    [
        "Detected call of lr_scheduler.step() before optimizer.step()",
        "TypedStorage is deprecated",
        "torch.cuda.amp.GradScaler(args...) is deprecated. Please use torch.amp.GradScaler('cuda', args...) instead.",
        "The given NumPy array is not writable",
    ];

    private static readonly string[] Ops = ["allreduce", "allgather", "broadcast", "reducescatter"];

    public sealed record LabelledLine(string System, string Template, string Line);

    public sealed record TemplateSpec(string Id, Func<Random, string> Render, int Weight);

    public static IReadOnlyDictionary<string, TemplateSpec[]> Systems { get; } = new Dictionary<string, TemplateSpec[]>
    {
        ["training"] =
        [
            new("train-step", r => $"step={r.Next(1, 200000)} loss={r.NextDouble() * 4:F5} lr={r.NextDouble() / 1000:E2} samples_per_s={900 + (r.NextDouble() * 400):F1} rank={r.Next(8)}", 40),
            new("train-ckpt", r => $"checkpoint saved to /ckpt/run-{r.Next(100)}/step-{r.Next(1, 200000)}.pt ({r.Next(100, 900)} MB) in {r.NextDouble() * 9:F2}s", 6),
            new("train-epoch", r => $"epoch {r.Next(1, 90)} finished in {r.Next(100, 9000)}s val_loss={r.NextDouble() * 3:F4} val_acc={r.NextDouble():F4}", 4),
            new("train-loader", r => $"dataloader worker {r.Next(8)} fetched batch {r.Next(1, 200000)} in {r.NextDouble() * 40:F2}ms from /data/shard-{r.Next(4096):D5}.tar", 20),
            new("train-oom", r => $"CUDA out of memory. Tried to allocate {r.Next(1, 80)}.{r.Next(100):D2} GiB (GPU {r.Next(8)}; {r.Next(20, 80)}.00 GiB total capacity)", 2),
            new("train-resume", r => $"resuming from checkpoint /ckpt/run-{r.Next(100)}/step-{r.Next(1, 200000)}.pt at epoch {r.Next(1, 90)}", 2),
            new("train-gradnorm", r => $"gradient norm {r.NextDouble() * 100:F3} exceeds clip threshold {r.Next(1, 10)}.0, clipping", 5),
            new("train-slow", r => $"rank {r.Next(64)} is a straggler: step time {r.Next(200, 2000)}ms vs median {r.Next(100, 199)}ms", 3),
            // A free-text variable of varying length: one true template, several token counts.
            new("train-warning", r => $"UserWarning: {Warnings[r.Next(Warnings.Length)]}", 3),
            new("train-epoch-start", r => $"epoch {r.Next(1, 90)} started with {r.Next(1, 5000)} batches", 3),
        ],
        ["nccl"] =
        [
            new("nccl-channel", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO Channel {r.Next(32):D2}/{r.Next(1, 32):D2} : {r.Next(8)}[{r.Next(8)}] -> {r.Next(8)}[{r.Next(8)}] via P2P/IPC/read", 40),
            new("nccl-ring", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO Ring {r.Next(32):D2} : {r.Next(8)} {r.Next(8)} {r.Next(8)} {r.Next(8)}", 15),
            new("nccl-init", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO comm 0x{r.NextInt64(0x7f0000000000, 0x7fffffffffff):x} rank {r.Next(64)} nranks {r.Next(8, 64)} cudaDev {r.Next(8)} busId {r.Next(0x10, 0xff):x}000 - Init COMPLETE", 10),
            new("nccl-net", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO NET/IB : Using [{r.Next(4)}]mlx5_{r.Next(4)}:1/IB ; OOB ib{r.Next(4)}:10.{r.Next(256)}.{r.Next(256)}.{r.Next(256)}<0>", 10),
            new("nccl-warn", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL WARN Net : Connection closed by remote peer node-{r.Next(64):D2}.cluster<{r.Next(30000, 60000)}>", 3),
            new("nccl-timeout", r => $"Watchdog caught collective operation timeout: WorkNCCL(SeqNum={r.Next(100000)}, OpType={Ops[r.Next(Ops.Length)].ToUpperInvariant()}, NumelIn={r.Next(1, 100000000)}, NumelOut={r.Next(1, 100000000)}, Timeout(ms)=600000) ran for {r.Next(600000, 700000)} milliseconds before timing out.", 2),
            // Same length, one constant word apart.
            new("nccl-rings", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO Connected all rings", 4),
            new("nccl-trees", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO Connected all trees", 4),
            new("nccl-version", r => $"node-{r.Next(64):D2}:{r.Next(1000, 99999)}:{r.Next(1000, 99999)} [{r.Next(8)}] NCCL INFO cudaDriverVersion {r.Next(11000, 12600)}", 5),
        ],
        ["kernel"] =
        [
            new("kern-xid", r => $"NVRM: Xid (PCI:0000:{r.Next(256):x2}:00): {new[] { 13, 31, 43, 48, 63, 64, 74, 79, 92, 94, 95 }[r.Next(11)]}, pid={r.Next(1000, 99999)}, name={Programs[r.Next(Programs.Length)]}, Ch {r.Next(256):x8}", 15),
            new("kern-fell", r => $"NVRM: GPU at PCI:0000:{r.Next(256):x2}:00: GPU-{Guid(r)}", 3),
            new("kern-oom", r => $"Out of memory: Killed process {r.Next(1000, 99999)} ({Programs[r.Next(Programs.Length)]}) total-vm:{r.Next(100000, 99999999)}kB, anon-rss:{r.Next(100000, 99999999)}kB, file-rss:{r.Next(0, 99999)}kB, shmem-rss:{r.Next(0, 9999)}kB", 5),
            new("kern-edac", r => $"EDAC MC{r.Next(4)}: {r.Next(1, 9)} CE memory read error on CPU_SrcID#{r.Next(2)}_Ha#{r.Next(2)}_Chan#{r.Next(4)}_DIMM#{r.Next(2)} (channel:{r.Next(4)} slot:{r.Next(2)} page:0x{r.Next(0xffffff):x} offset:0x{r.Next(0xfff):x} grain:32 syndrome:0x0)", 10),
            new("kern-mlx-down", r => $"mlx5_core 0000:{r.Next(256):x2}:00.{r.Next(2)}: Port module event: module {r.Next(8)}, Cable unplugged", 8),
            new("kern-mlx-up", r => $"mlx5_core 0000:{r.Next(256):x2}:00.{r.Next(2)} ib{r.Next(4)}: Link up", 10),
            new("kern-mlx-linkdown", r => $"mlx5_core 0000:{r.Next(256):x2}:00.{r.Next(2)} ib{r.Next(4)}: Link down", 4),
            new("kern-segv", r => $"{Programs[r.Next(Programs.Length)]}[{r.Next(1000, 99999)}]: segfault at {r.NextInt64(0, 0xffffffffff):x} ip {r.NextInt64(0x7f0000000000, 0x7fffffffffff):x} sp {r.NextInt64(0x7f0000000000, 0x7fffffffffff):x} error 4 in libcuda.so.{r.Next(500, 560)}.{r.Next(10, 99)}[{r.NextInt64(0x7f0000000000, 0x7fffffffffff):x}+{r.Next(0x100000, 0xffffff):x}]", 4),
            new("kern-hung", r => $"INFO: task {Programs[r.Next(Programs.Length)]}:{r.Next(1000, 99999)} blocked for more than {r.Next(1, 10) * 120} seconds.", 4),
        ],
        ["sshd"] =
        [
            new("ssh-accept", r => $"Accepted publickey for {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2: RSA SHA256:{Base64(r, 43)}", 25),
            new("ssh-accept-pw", r => $"Accepted password for {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2", 8),
            new("ssh-failed", r => $"Failed password for {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2", 15),
            new("ssh-invalid", r => $"Failed password for invalid user {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2", 10),
            new("ssh-open", r => $"pam_unix(sshd:session): session opened for user {Users[r.Next(Users.Length)]} by (uid={r.Next(0, 2000)})", 15),
            new("ssh-close", r => $"pam_unix(sshd:session): session closed for user {Users[r.Next(Users.Length)]}", 15),
            new("ssh-disconnect", r => $"Received disconnect from {Ip(r)} port {r.Next(1024, 65535)}:11: disconnected by user", 10),
            new("ssh-preauth", r => $"Connection closed by authenticating user {Users[r.Next(Users.Length)]} {Ip(r)} port {r.Next(1024, 65535)} [preauth]", 5),
            new("ssh-maxauth", r => $"error: maximum authentication attempts exceeded for {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2 [preauth]", 3),
        ],
        ["hdfs"] =
        [
            new("hdfs-receiving", r => $"Receiving block blk_{Blk(r)} src: /{Ip(r)}:{r.Next(40000, 60000)} dest: /{Ip(r)}:50010", 20),
            new("hdfs-received", r => $"Received block blk_{Blk(r)} of size {r.Next(1000, 67108864)} from /{Ip(r)}", 20),
            new("hdfs-responder", r => $"PacketResponder {r.Next(3)} for block blk_{Blk(r)} terminating", 20),
            new("hdfs-addstored", r => $"BLOCK* NameSystem.addStoredBlock: blockMap updated: {Ip(r)}:50010 is added to blk_{Blk(r)} size {r.Next(1000, 67108864)}", 15),
            new("hdfs-allocate", r => $"BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_{r.Next(100000, 999999)}_{r.Next(1000):D4}_m_{r.Next(100000):D6}_0/part-{r.Next(100000):D5}. blk_{Blk(r)}", 10),
            new("hdfs-verify", r => $"Verification succeeded for blk_{Blk(r)}", 8),
            new("hdfs-delete", r => $"Deleting block blk_{Blk(r)} file /mnt/hadoop/dfs/data/current/subdir{r.Next(64)}/blk_{Blk(r)}", 5),
            new("hdfs-exception", r => $"writeBlock blk_{Blk(r)} received exception java.io.IOException: Connection reset by peer", 2),
        ],
        ["slurm"] =
        [
            new("slurm-alloc", r => $"sched: Allocate JobId={r.Next(100000, 999999)} NodeList=node-[{r.Next(10):D2}-{r.Next(10, 64):D2}] #CPUs={r.Next(1, 256)} Partition={Partitions[r.Next(Partitions.Length)]}", 20),
            new("slurm-complete", r => $"_job_complete: JobId={r.Next(100000, 999999)} WEXITSTATUS {r.Next(0, 3)}", 20),
            new("slurm-done", r => $"_job_complete: JobId={r.Next(100000, 999999)} done", 20),
            new("slurm-notresp", r => $"error: Nodes node-{r.Next(64):D2} not responding", 4),
            new("slurm-backfill", r => $"backfill: Started JobId={r.Next(100000, 999999)} in {Partitions[r.Next(Partitions.Length)]} on node-{r.Next(64):D2}", 15),
            new("slurm-submit", r => $"_slurm_rpc_submit_batch_job: JobId={r.Next(100000, 999999)} InitPrio={r.Next(1, 100000)} usec={r.Next(10, 9999)}", 15),
            new("slurm-resume", r => $"node node-{r.Next(64):D2} returned to service", 3),
            new("slurm-drain", r => $"update_node: node node-{r.Next(64):D2} reason set to: gpu xid {r.Next(13, 120)}", 3),
            new("slurm-kill", r => $"job_signal: {r.Next(1, 20)} of running JobId={r.Next(100000, 999999)} successful 0x{r.Next(0, 0xffff):x}", 3),
        ],
    };

    /// <summary><paramref name="perSystem"/> lines of each system (2,000 as loghub's samples), deterministic for a seed.</summary>
    public static IReadOnlyList<LabelledLine> Generate(int perSystem, int seed)
    {
        var lines = new List<LabelledLine>(perSystem * Systems.Count);
        var systemIndex = 0;
        foreach (var (system, templates) in Systems)
        {
            var r = new Random(seed + (7919 * systemIndex++));
            var total = templates.Sum(t => t.Weight);
            var start = new DateTime(2026, 11, 26, 8, 0, 0, DateTimeKind.Utc);
            for (var i = 0; i < perSystem; i++)
            {
                var pick = r.Next(total);
                var spec = templates[0];
                foreach (var t in templates)
                {
                    if (pick < t.Weight)
                    {
                        spec = t;
                        break;
                    }

                    pick -= t.Weight;
                }

                var ts = start.AddMilliseconds(i * 37).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                lines.Add(new LabelledLine(system, spec.Id, $"{ts} {spec.Render(r)}"));
            }
        }

        return lines;
    }

    private static string Ip(Random r) => $"10.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}";

    private static string Blk(Random r) => r.NextInt64(long.MinValue / 2, long.MaxValue / 2).ToString(CultureInfo.InvariantCulture);

    private static string Guid(Random r)
    {
        Span<byte> b = stackalloc byte[16];
        r.NextBytes(b);
        return new Guid(b).ToString();
    }

    private static string Base64(Random r, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return string.Create(length, r, (span, rnd) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[rnd.Next(alphabet.Length)];
            }
        });
    }
}
