using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// HDFS 0.x data-node and name-node logs: <c>yyMMdd HHmmss thread LEVEL component: message</c>; block ids
/// that are negative on some lines; exception texts of varying length.
/// </summary>
internal static class HdfsFormat
{
    private static readonly string[] Exceptions = ["java.io.IOException: Connection reset by peer", "java.io.EOFException", "java.io.InterruptedIOException: Interruped while waiting for IO on channel java.nio.channels.SocketChannel", "java.io.IOException: Could not read from stream"];

    private static string Blk(Random r) => "blk_" + Long(r);

    public static LogFormat Create() => new("hdfs", HeldOut: false, Header, [
        new("receiving", r => $"Receiving block {Blk(r)} src: /{Ip(r)}:{r.Next(30000, 60000)} dest: /{Ip(r)}:50010", 20, Component: "dfs.DataNode$DataXceiver"),
        new("received", r => $"Received block {Blk(r)} of size {r.Next(1000, 67108864)} from /{Ip(r)}", 18, Component: "dfs.DataNode$PacketResponder"),
        new("responder", r => $"PacketResponder {r.Next(3)} for block {Blk(r)} terminating", 20, Component: "dfs.DataNode$PacketResponder"),
        new("stored", r => $"BLOCK* NameSystem.addStoredBlock: blockMap updated: {Ip(r)}:50010 is added to {Blk(r)} size {r.Next(1000, 67108864)}", 15, Component: "dfs.FSNamesystem"),
        new("allocate", r => $"BLOCK* NameSystem.allocateBlock: /user/root/rand/_temporary/_task_{r.Next(200811, 200812)}{r.Next(100000):D4}_{r.Next(1000):D4}_m_{r.Next(1000000):D6}_0/part-{r.Next(10000):D5}. {Blk(r)}", 6, Component: "dfs.FSNamesystem"),
        new("verify", r => $"Verification succeeded for {Blk(r)}", 5, Component: "dfs.DataBlockScanner"),
        new("deleting", r => $"Deleting block {Blk(r)} file /mnt/hadoop/dfs/data/current/subdir{r.Next(64)}/{Blk(r)}", 5, Component: "dfs.FSDataset"),
        new("invalid", r => $"BLOCK* NameSystem.delete: {Blk(r)} is added to invalidSet of {Ip(r)}:50010", 5, Component: "dfs.FSNamesystem"),
        new("served", r => $"{Ip(r)}:50010 Served block {Blk(r)} to /{Ip(r)}", 4, Component: "dfs.DataNode$DataXceiver"),
        new("got-exception", r => $"{Ip(r)}:50010:Got exception while serving {Blk(r)} to /{Ip(r)}:", 3, Level: "WARN", Component: "dfs.DataNode$DataXceiver"),
        new("write-exception", r => $"writeBlock {Blk(r)} received exception {Pick(r, Exceptions)}", 2, Component: "dfs.DataNode$DataXceiver"),
        new("transmitted", r => $"{Ip(r)}:50010:Transmitted block {Blk(r)} to /{Ip(r)}:50010", 2, Component: "dfs.DataNode$DataTransfer"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec) => $"{D(t, "yyMMdd HHmmss")} {r.Next(1, 40000)} {spec.Level} {spec.Component}: ";
}
