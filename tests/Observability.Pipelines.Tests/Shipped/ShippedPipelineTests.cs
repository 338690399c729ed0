using Observability.Benchmarks.Samples;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;

namespace Observability.Pipelines.Tests.Shipped;

/// <summary>The pipelines in pipelines/*.yml, run together through the runner as the indexer runs them.</summary>
public class ShippedPipelineTests
{
    private static readonly PipelineRunner Runner = new(
        new PipelineCompiler(PipelineHarness.Context()).CompileDirectory(PipelineHarness.ShippedPipelines()),
        Observability.Pipelines.Redaction.SecretRedactor.Default);

    private static EcsDocument Process(string dataset, string line)
    {
        var doc = new EcsDocument { Message = line };
        doc.Set(EcsFields.EventDataset, dataset);
        Assert.Equal(ProcessOutcome.Keep, Runner.Process(doc));
        return doc;
    }

    [Fact]
    public void Nvidia_xid_from_kern_log()
    {
        var d = Process("kernel", "Nov 26 08:00:00 gpu-07 kernel: [12345.678901] NVRM: Xid (PCI:0000:3b:00): 79, pid=4242, name=python3, GPU has fallen off the bus.");
        Assert.Equal(79L, d["gpu.error.xid"]);
        Assert.Equal("0000:3b:00", d["gpu.pci.bus_id"]);
        Assert.Equal(4242L, d["process.pid"]);
        Assert.Equal("python3", d["process.name"]);
        Assert.Equal("GPU has fallen off the bus.", d["gpu.error.message"]);
        Assert.Equal("GPU has fallen off the bus", d["gpu.error.description"]);
        Assert.Equal("error", d["log.level"]);
        Assert.Equal("gpu-07", d["host.hostname"]);
        Assert.Equal(12345.678901, d["kernel.uptime"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), d.Timestamp);
        Assert.StartsWith("Nov 26 08:00:00 gpu-07 kernel:", d.GetString(EcsFields.EventOriginal), StringComparison.Ordinal);
        Assert.False(d.Contains(EcsFields.ErrorMessage));
    }

    [Theory]
    [InlineData("[ 2211.1] NVRM: Xid (PCI:0000:86:00): 48, pid='<unknown>', name=<unknown>, An uncorrectable double bit error (DBE) has been detected on GPU in the framebuffer at partition 0, subpartition 0.", 48, "0000:86:00")]
    [InlineData("NVRM: Xid (PCI:0000:1a:00): 13, Graphics Exception: ChID 0010, Class 0000c7c0, Offset 00000000", 13, "0000:1a:00")]
    [InlineData("2026-11-26T08:00:00.000000+00:00 gpu-01 kernel: NVRM: Xid (PCI:0000:3b:00): 31, pid=1234, name=python, Ch 00000008, intr 10000000. MMU Fault", 31, "0000:3b:00")]
    public void Xid_variants(string line, long xid, string bus)
    {
        var d = Process("kernel", line);
        Assert.Equal(xid, d["gpu.error.xid"]);
        Assert.Equal(bus, d["gpu.pci.bus_id"]);
        Assert.False(d.Contains(EcsFields.ErrorMessage), d.GetString(EcsFields.ErrorMessage));
    }

    [Theory]
    [InlineData("[5.1] EDAC MC0: 1 CE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0 (channel:1 slot:0 page:0x12 offset:0x0 grain:32 syndrome:0x0)", "CE", "warning")]
    [InlineData("[5.1] EDAC MC1: 2 UE memory read error on CPU_SrcID#0_Ha#0_Chan#1_DIMM#0", "UE", "error")]
    public void Kernel_edac_memory_errors(string line, string type, string level)
    {
        var d = Process("kernel", line);
        Assert.Equal(type, d["kernel.edac.type"]);
        Assert.Equal(level, d["log.level"]);
        Assert.DoesNotContain(d.FieldNames, f => f.StartsWith("_tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Kernel_hung_task_and_plain_message()
    {
        var hung = Process("kernel", "[7.0] INFO: task python3:4242 blocked for more than 120 seconds.");
        Assert.Equal(120L, hung["kernel.hung_task.seconds"]);
        Assert.Equal("warning", hung["log.level"]);
        var plain = Process("kernel", "[7.0] nvidia-nvlink: Nvlink Core is being initialized");
        Assert.Equal("info", plain["log.level"]);
        Assert.Equal("kernel", plain["process.name"]);
        Assert.Equal("nvidia-nvlink: Nvlink Core is being initialized", plain.Message);
    }

    [Fact]
    public void Kernel_oom_kill_and_segfault()
    {
        var oom = Process("kernel", "[99.5] Out of memory: Killed process 31337 (python3) total-vm:123456kB, anon-rss:65432kB, file-rss:0kB");
        Assert.Equal(31337L, oom["process.pid"]);
        Assert.Equal("python3", oom["process.name"]);
        Assert.Equal(65432L, oom["kernel.oom.anon_rss_kb"]);
        var segv = Process("kernel", "python3[4242]: segfault at 10 ip 00007f1a sp 00007ffd error 4 in libcuda.so.535.104[7f0000000000+1000]");
        Assert.Equal(4L, segv["kernel.fault.error"]);
        Assert.Equal("error", segv["log.level"]);
    }

    [Fact]
    public void Every_generated_kernel_and_training_line_parses_without_failure()
    {
        foreach (var line in BenchLines.Kernel(500))
        {
            Assert.False(Process("kernel", line).Contains(EcsFields.ErrorMessage), line);
        }

        foreach (var line in BenchLines.Training(500))
        {
            var d = Process("training", line);
            Assert.False(d.Contains(EcsFields.ErrorMessage), line);
            Assert.True(d.Timestamp.HasValue, line);
        }
    }

    [Fact]
    public void Training_text_line_with_metrics()
    {
        var d = Process("training", "2026-11-26T08:00:00.003Z INFO  trainer[1001] node-01 step=120 loss=0.43210 lr=3.0e-4 samples_per_sec=1187.5 rank=1");
        Assert.Equal(120L, d["training.step"]);
        Assert.Equal(0.4321, d["training.loss"]);
        Assert.Equal(3.0e-4, d["training.learning_rate"]);
        Assert.Equal(1187.5, d["training.samples_per_second"]);
        Assert.Equal(1L, d["training.rank"]);
        Assert.Equal("info", d["log.level"]);
        Assert.Equal("trainer", d["process.name"]);
        Assert.Equal(1001L, d["process.pid"]);
        Assert.Equal("node-01", d["host.hostname"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, 3, TimeSpan.Zero), d.Timestamp);
        Assert.Equal("step=120 loss=0.43210 lr=3.0e-4 samples_per_sec=1187.5 rank=1", d.Message);
    }

    [Fact]
    public void Training_ecs_json_line()
    {
        var d = Process("training", """{"@timestamp":"2026-11-26T08:00:01.5Z","log.level":"warn","message":"step=7 loss=1.5 samples_per_s=900","service":{"name":"trainer"},"ecs.version":"8.17.0"}""");
        Assert.Equal("warn", d["log.level"]);
        Assert.Equal(7L, d["training.step"]);
        Assert.Equal(900.0, d["training.samples_per_second"]);
        Assert.Equal("trainer", d["service.name"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 1, 500, TimeSpan.Zero), d.Timestamp);
        Assert.False(d.Contains(EcsFields.ErrorMessage));
    }

    [Fact]
    public void Nccl_debug_line_inside_training_output()
    {
        var d = Process("training", "2026-11-26T08:00:00.009Z INFO  trainer[1003] node-03 NCCL INFO Channel 03 : 3[3] -> 4[4] via P2P/IPC/read");
        Assert.Equal("info", d["log.level"]);
        Assert.Equal(3L, d["nccl.channel"]);
        Assert.Equal(4L, d["nccl.peer.to"]);
        Assert.Equal("P2P/IPC/read", d["nccl.transport"]);
        Assert.Equal("nccl", d["labels.component"]);
    }

    [Fact]
    public void Nccl_native_warn_line()
    {
        var d = Process("nccl", "gpu-03:4242:4300 [2] include/socket.h:409 NCCL WARN Net : Connection closed by remote peer gpu-04<53422>");
        Assert.Equal("gpu-03", d["host.hostname"]);
        Assert.Equal(4300L, d["process.thread.id"]);
        Assert.Equal(2L, d["nccl.cuda_device"]);
        Assert.Equal("include/socket.h", d["log.origin.file.name"]);
        Assert.Equal("warn", d["log.level"]);
        Assert.Equal("Net : Connection closed by remote peer gpu-04<53422>", d.Message);
    }

    [Fact]
    public void Nccl_watchdog_timeout()
    {
        var d = Process("training", "2026-11-26T08:00:00.009Z ERROR trainer[1003] node-03 [Rank 3] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=7731, OpType=ALLREDUCE, NumelIn=1048576, NumelOut=1048576, Timeout(ms)=600000) ran for 600351 milliseconds before timing out.");
        Assert.Equal(7731L, d["nccl.seq"]);
        Assert.Equal("ALLREDUCE", d["nccl.op"]);
        Assert.Equal(600351L, d["nccl.elapsed_ms"]);
        Assert.Equal("error", d["log.level"]);
    }

    [Fact]
    public void Python_traceback()
    {
        var trace = "Traceback (most recent call last):\n  File \"/app/train.py\", line 88, in <module>\n    main()\n  File \"/app/train.py\", line 42, in step\n    loss = model(x)\nRuntimeError: CUDA error: an illegal memory access was encountered";
        var d = Process("training.worker", trace);
        Assert.DoesNotContain("_pipeline_failure", PipelineHarness.Tags(d));
        Assert.Equal("RuntimeError", d["error.type"]);
        Assert.Equal("CUDA error: an illegal memory access was encountered", d["error.message"]);
        Assert.Equal("/app/train.py", d["log.origin.file.name"]);
        Assert.Equal(42L, d["log.origin.file.line"]);
        Assert.Equal("step", d["log.origin.function"]);
        Assert.Equal(trace, d["error.stack_trace"]);
        Assert.Equal("error", d["log.level"]);
    }

    [Fact]
    public void Training_lines_without_a_traceback_get_no_error_fields()
    {
        var d = Process("training", "2026-11-26T08:00:00.003Z INFO  trainer[1001] node-01 epoch 3 done");
        Assert.False(d.Contains("error.type"));
        Assert.False(d.Contains("error.stack_trace"));
        Assert.Equal("info", d["log.level"]);
        Assert.DoesNotContain(d.FieldNames, f => f.StartsWith("_tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Syslog_rfc3164_with_priority()
    {
        var d = Process("syslog", "<34>Oct 11 22:14:15 mymachine su[230]: 'su root' failed for lonvick on /dev/pts/8");
        Assert.Equal("mymachine", d["host.hostname"]);
        Assert.Equal("su", d["process.name"]);
        Assert.Equal(230L, d["process.pid"]);
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", d.Message);
        Assert.Equal(4L, d["log.syslog.facility.code"]);
        Assert.Equal("critical", d["log.syslog.severity.name"]);
        Assert.Equal(new DateTimeOffset(2026, 10, 11, 22, 14, 15, TimeSpan.Zero), d.Timestamp);
    }

    [Fact]
    public void Syslog_rfc5424()
    {
        var d = Process("syslog", "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry...");
        Assert.Equal("mymachine.example.com", d["host.hostname"]);
        Assert.Equal("evntslog", d["process.name"]);
        Assert.Equal("ID47", d["log.syslog.msgid"]);
        Assert.Equal("1", d["log.syslog.version"]);
        Assert.Equal("local4", d["log.syslog.facility.name"]);
        Assert.Equal("notice", d["log.level"]);
        Assert.Equal("An application event log entry...", d.Message);
        Assert.Equal(new DateTimeOffset(2003, 10, 11, 22, 14, 15, 3, TimeSpan.Zero), d.Timestamp);
    }

    [Fact]
    public void Syslog_kernel_messages_are_routed_to_the_kernel_pipeline()
    {
        var d = Process("syslog", "<4>Nov 26 08:00:00 gpu-09 kernel: NVRM: Xid (PCI:0000:af:00): 79, pid=77, name=python, GPU has fallen off the bus.");
        Assert.Equal("kernel", d[EcsFields.EventDataset]);
        Assert.Equal("kernel", d[EcsFields.DataStreamDataset]);
        Assert.Equal(79L, d["gpu.error.xid"]);
        Assert.Equal("0000:af:00", d["gpu.pci.bus_id"]);
    }

    [Fact]
    public void Syslog_line_that_is_not_syslog_is_kept_and_tagged()
    {
        var d = Process("syslog", "complete garbage");
        Assert.Equal("complete garbage", d.Message);
        Assert.Equal("pipeline_error", d["event.kind"]);
        Assert.Contains("_grok_failure", PipelineHarness.Tags(d));
    }

    [Fact]
    public void Ecs_json_application_log()
    {
        var d = Process("app", """{"@timestamp":"2026-11-26T08:00:00Z","log":{"level":"ERROR","logger":"Scheduler"},"message":"job 42 failed","service.name":"scheduler","error":{"type":"TimeoutException"},"ecs.version":"8.17.0"}""");
        Assert.Equal("job 42 failed", d.Message);
        Assert.Equal("error", d["log.level"]);
        Assert.Equal("Scheduler", d["log.logger"]);
        Assert.Equal("TimeoutException", d["error.type"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero), d.Timestamp);
        Assert.DoesNotContain(d.FieldNames, f => f.StartsWith("_json", StringComparison.Ordinal) || f.StartsWith("_tmp", StringComparison.Ordinal));
    }

    [Fact]
    public void Serilog_compact_json_with_rendering()
    {
        var d = Process("app", """{"@t":"2026-11-26T08:00:00.1234567Z","@mt":"Processed {@Position} in {Elapsed:000} ms.","@l":"Warning","@x":"System.InvalidOperationException: boom\n   at X.Y()","@tr":"4bf92f3577b34da6a3ce929d0e0e4736","Position":{"Latitude":25,"Longitude":134},"Elapsed":34}""");
        Assert.Equal("Processed { Latitude: 25, Longitude: 134 } in 34 ms.", d.Message);
        Assert.Equal("warning", d["log.level"]);
        Assert.Equal("System.InvalidOperationException", d["error.type"]);
        Assert.Equal("boom", d["error.message"]);
        Assert.Equal("4bf92f3577b34da6a3ce929d0e0e4736", d["trace.id"]);
        Assert.Equal(34L, d["serilog.properties.Elapsed"]);
        Assert.Equal("Processed {@Position} in {Elapsed:000} ms.", d["serilog.message_template"]);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero).AddTicks(1234567), d.Timestamp);
    }

    [Fact]
    public void Serilog_information_level_is_implicit()
    {
        var d = Process("serilog", """{"@t":"2026-11-26T08:00:00Z","@m":"hello"}""");
        Assert.Equal("hello", d.Message);
        Assert.Equal("information", d["log.level"]);
    }

    [Fact]
    public void Events_of_other_datasets_pass_through_untouched_but_redacted()
    {
        var d = Process("metrics.gpu", "token=abcdef123456 for ops@example.com");
        Assert.Equal("token=[REDACTED] for [REDACTED:email]", d.Message);
        Assert.Equal(d.Message, d[EcsFields.EventOriginal]);
    }
}
