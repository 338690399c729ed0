using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// ZooKeeper 3.4, log4j's <c>%d{ISO8601} - %-5p [%t:%C{1}@%L] - %m</c>: thread names with brackets, colons
/// and spaces inside the bracket; session ids in hex. Held out: never tuned on.
/// </summary>
internal static class ZookeeperFormat
{
    private static string Peer(Random r) => $"/{Ip(r)}:{r.Next(30000, 60000)}";

    private static readonly string[] Threads = ["QuorumPeer[myid={0}]/0:0:0:0:0:0:0:0:2181", "NIOServerCxn.Factory:0.0.0.0/0.0.0.0:2181", "SendWorker:{0}", "RecvWorker:{0}", "WorkerReceiver[myid={0}]", "ProcessThread(sid:{0} cport:-1):", "SessionTracker"];

    public static LogFormat Create() => new("zookeeper", HeldOut: true, Header, [
        new("notification", r => $"Notification time out: {Pick(r, ["200", "400", "800", "1600", "3200", "6400", "12800", "25600", "51200", "60000"])}", 10, Component: "FastLeaderElection@774"),
        new("conn-request", r => $"Received connection request {Peer(r)}", 12, Component: "QuorumCnxManager$Listener@493"),
        new("accepted", r => $"Accepted socket connection from {Peer(r)}", 15, Component: "NIOServerCnxnFactory@197"),
        new("closed", r => $"Closed socket connection for client {Peer(r)} which had sessionid 0x{Hex(r, 14)}", 10, Component: "NIOServerCnxn@1001"),
        new("closed-nosession", r => $"Closed socket connection for client {Peer(r)} (no session established for client)", 6, Component: "NIOServerCnxn@1001"),
        new("new-session", r => $"Client attempting to establish new session at {Peer(r)}", 8, Component: "ZooKeeperServer@839"),
        new("established", r => $"Established session 0x{Hex(r, 14)} with negotiated timeout {Pick(r, ["10000", "20000", "40000"])} for client {Peer(r)}", 8, Component: "ZooKeeperServer@595"),
        new("expiring", r => $"Expiring session 0x{Hex(r, 14)}, timeout of {Pick(r, ["10000", "20000", "40000"])}ms exceeded", 6, Component: "ZooKeeperServer@325"),
        new("termination", r => $"Processed session termination for sessionid: 0x{Hex(r, 14)}", 6, Component: "PrepRequestProcessor@476"),
        new("eos", r => "caught end of stream exception", 5, Level: "WARN", Component: "NIOServerCnxn@357"),
        new("send-leaving", r => "Send worker leaving thread", 5, Level: "WARN", Component: "QuorumCnxManager$SendWorker@688"),
        new("interrupted", r => "Interrupted while waiting for message on queue", 4, Level: "WARN", Component: "QuorumCnxManager$SendWorker@679"),
        new("cannot-open", r => $"Cannot open channel to {r.Next(1, 4)} at election address /{Ip(r)}:3888", 5, Level: "WARN", Component: "QuorumCnxManager@368"),
        new("shutdown", r => "Unexpected exception causing shutdown while sock still open", 2, Level: "ERROR", Component: "NIOServerCnxn@349"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec)
    {
        var thread = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(r, Threads), r.Next(1, 4) == 1 ? r.Next(1, 4) : r.NextInt64(100000000000, 300000000000));
        return $"{D(t, "yyyy-MM-dd HH:mm:ss,fff")} - {spec.Level,-5} [{thread}:{spec.Component}] - ";
    }
}
