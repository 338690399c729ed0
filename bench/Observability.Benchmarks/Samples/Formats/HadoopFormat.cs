using static Observability.Benchmarks.Samples.Formats.Gen;

namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// Hadoop MapReduce application master, log4j's <c>%d{ISO8601} %p [%t] %c: %m</c>: thread names of one to six
/// words (<c>[IPC Server handler 13 on 62270]</c>); task state words as parameters.
/// </summary>
internal static class HadoopFormat
{
    private static readonly string[] States = ["NEW", "UNASSIGNED", "ASSIGNED", "RUNNING", "SUCCESS_CONTAINER_CLEANUP", "SUCCEEDED", "KILLED", "FAIL_CONTAINER_CLEANUP"];
    private static readonly string[] Threads = ["main", "AsyncDispatcher event handler", "RMCommunicator Allocator", "IPC Server handler {0} on 62270", "ContainerLauncher #{0}", "LeaseRenewer:msrabi@msra-sa-41:9000", "eventHandlingThread"];

    public static LogFormat Create() => new("hadoop", HeldOut: false, Header, [
        new("am-created", r => $"Created MRAppMaster for application appattempt_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_{r.Next(1, 3):D6}", 2, Component: "org.apache.hadoop.mapreduce.v2.app.MRAppMaster"),
        new("before-sched", r => $"Before Scheduling: PendingReds:{r.Next(2)} ScheduledMaps:{r.Next(20)} ScheduledReds:{r.Next(2)} AssignedMaps:{r.Next(20)} AssignedReds:0 CompletedMaps:{r.Next(20)} CompletedReds:0 ContainersAllocated:{r.Next(20)} ContainersCompleted:{r.Next(20)} HostLocal:{r.Next(20)} RackLocal:{r.Next(5)}", 8, Component: "org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator"),
        new("attempt-transition", r => $"attempt_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_m_{r.Next(20):D6}_{r.Next(3)} TaskAttempt Transitioned from {Pick(r, States)} to {Pick(r, States)}", 20, Component: "org.apache.hadoop.mapreduce.v2.app.job.impl.TaskAttemptImpl"),
        new("task-transition", r => $"task_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_m_{r.Next(20):D6} Task Transitioned from {Pick(r, States)} to {Pick(r, States)}", 10, Component: "org.apache.hadoop.mapreduce.v2.app.job.impl.TaskImpl"),
        new("progress", r => $"Progress of TaskAttempt attempt_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_m_{r.Next(20):D6}_{r.Next(3)} is : {F(r.NextDouble(), 8)}", 25, Component: "org.apache.hadoop.mapred.TaskAttemptListenerImpl"),
        new("lease", r => $"Failed to renew lease for [DFSClient_NONMAPREDUCE_{r.Next(-2000000000, 2000000000)}_{r.Next(1, 9)}] for {r.Next(1, 900)} seconds.  Will retry shortly ...", 8, Level: "WARN", Component: "org.apache.hadoop.hdfs.LeaseRenewer"),
        new("address", r => $"Address change detected. Old: msra-sa-41/{Ip(r)}:9000 New: msra-sa-41:9000", 4, Level: "WARN", Component: "org.apache.hadoop.ipc.Client"),
        new("launch", r => $"Processing the event EventType: CONTAINER_REMOTE_LAUNCH for container container_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_01_{r.Next(1, 30):D6} taskAttempt attempt_{r.NextInt64(1445000000000, 1446000000000)}_{r.Next(1, 30):D4}_m_{r.Next(20):D6}_{r.Next(3)}", 5, Component: "org.apache.hadoop.mapreduce.v2.app.launcher.ContainerLauncherImpl"),
        new("headroom", r => $"Recalculating schedule, headroom=<memory:{r.Next(0, 20000)}, vCores:{r.Next(-20, 20)}>", 8, Component: "org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator"),
        new("slowstart", r => $"Reduce slow start threshold not met. completedMapsForReduceSlowstart {r.Next(1, 20)}", 6, Component: "org.apache.hadoop.mapreduce.v2.app.rm.RMContainerAllocator"),
        new("retry", r => $"Retrying connect to server: msra-sa-41:9000. Already tried {r.Next(0, 10)} time(s); maxRetries=45", 4, Component: "org.apache.hadoop.ipc.Client"),
    ]);

    private static string Header(Random r, DateTime t, LogTemplate spec)
    {
        var thread = string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(r, Threads), r.Next(0, 30));
        return $"{D(t, "yyyy-MM-dd HH:mm:ss,fff")} {spec.Level} [{thread}] {spec.Component}: ";
    }
}
