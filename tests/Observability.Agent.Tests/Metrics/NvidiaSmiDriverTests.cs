using Observability.Testing;
using System.Runtime.InteropServices;
using Observability.Agent.Metrics.Gpu;
using Observability.Agent.Tests.Support;

namespace Observability.Agent.Tests.Metrics;

/// <summary>
/// nvidia-smi and NVML as driver 580 gives them. The fixtures were captured on an NVIDIA H200 (driver 580.159.04,
/// 2026-11-26): the query output, and the field names of <c>nvidia-smi --help-query-gpu</c>.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NvidiaSmiDriverTests
{
    private const long MiB = 1024 * 1024;

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Metrics", "Fixtures", name));

    [Fact]
    public void Driver_580_output_with_its_renamed_headers_and_units_parses()
    {
        // Driver 580 names the columns clocks.current.sm / clocks.current.memory / clocks_event_reasons.active in its header.
        var processes = NvidiaSmiCsv.ParseProcesses(Fixture("nvidia-smi-580-h200-query-apps.csv"));
        var g = Assert.Single(NvidiaSmiCsv.ParseGpus(Fixture("nvidia-smi-580-h200-query-gpu.csv"), processes));
        Assert.Equal("NVIDIA H200", g.Name);
        Assert.Equal("GPU-ee0c670f-8a8f-8559-813f-54831431edce", g.Uuid);
        Assert.Equal(143771 * MiB, g.MemoryTotalBytes);
        Assert.Equal(143156 * MiB, g.MemoryFreeBytes);
        Assert.Equal(616 * MiB, g.MemoryReservedBytes);
        Assert.Equal(0, g.MemoryUsedBytes);
        Assert.Equal(78.98, g.PowerWatts);
        Assert.Equal(345L, g.SmClockMhz);
        Assert.Equal(3201L, g.MemoryClockMhz);
        Assert.Equal(1UL, g.ThrottleReasons);
        Assert.Equal(0, g.EccUncorrected);
        var p = Assert.Single(g.Processes);
        Assert.Equal(476, p.Pid);
        Assert.Equal(21482 * MiB, p.UsedMemoryBytes);
    }

    [Fact]
    public void The_query_asks_only_for_names_the_driver_lists()
    {
        var query = NvidiaSmiCsv.GpuQueryFor(Fixture("nvidia-smi-580-help-query-gpu-names.txt")).Split(',');
        Assert.Contains("memory.reserved", query);
        Assert.Contains("clocks_event_reasons.active", query);
        Assert.DoesNotContain("clocks_throttle_reasons.active", query);
        Assert.Equal(16, query.Length);

        // An older driver: no memory.reserved, and the throttle-reasons name only.
        var old = """
            "index"
            "uuid"
            "memory.used"
            "clocks_throttle_reasons.active"
            """;
        Assert.Equal("index,uuid,memory.used,clocks_throttle_reasons.active", NvidiaSmiCsv.GpuQueryFor(old));

        // No usable help: the fixed query.
        Assert.Equal(NvidiaSmiCsv.GpuQuery, NvidiaSmiCsv.GpuQueryFor(null));
        Assert.Equal(NvidiaSmiCsv.GpuQuery, NvidiaSmiCsv.GpuQueryFor("Usage: nvidia-smi [OPTION1 [ARG1]]"));
    }

    [Fact]
    public void The_reader_asks_a_driver_580_nvidia_smi_for_its_fields_then_queries_only_those()
    {
        // An executable standing in for nvidia-smi: answers as driver 580 did, and records every command line.
        using var dir = TemporaryDirectory.Create("agent");
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Metrics", "Fixtures");
        var script = dir.File("nvidia-smi");
        File.WriteAllText(script, $"""
            #!/bin/sh
            echo "$*" >> '{dir.File("calls")}'
            case "$1" in
              --help-query-gpu) cat '{fixtures}/nvidia-smi-580-help-query-gpu-names.txt' ;;
              --query-gpu=*clocks_event_reasons.active*) cat '{fixtures}/nvidia-smi-580-h200-query-gpu.csv' ;;
              --query-gpu=*) echo 'Field "clocks_throttle_reasons.active" is not a valid field to query.' >&2; exit 2 ;;
              --query-compute-apps=*) cat '{fixtures}/nvidia-smi-580-h200-query-apps.csv' ;;
            esac
            """.ReplaceLineEndings("\n"));
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        using var reader = NvidiaSmiGpuReader.TryCreate(script);
        Assert.NotNull(reader);
        var g = Assert.Single(reader.Read());
        Assert.Equal("NVIDIA H200", g.Name);
        Assert.Equal(616 * MiB, g.MemoryReservedBytes);
        Assert.Equal(476, Assert.Single(g.Processes).Pid);
        var calls = File.ReadAllLines(dir.File("calls"));
        Assert.Equal("--help-query-gpu", calls[0]);
        Assert.All(calls.Where(c => c.StartsWith("--query-gpu=", StringComparison.Ordinal)), c => Assert.Equal($"--query-gpu={reader.Query} --format=csv,nounits", c));
    }

    [Fact]
    public void Nvml_memory_v2_struct_has_the_layout_and_version_of_nvml_h()
    {
        Assert.Equal(40, Marshal.SizeOf<NvmlMemoryV2>());
        Assert.Equal(8, (int)Marshal.OffsetOf<NvmlMemoryV2>(nameof(NvmlMemoryV2.Total)));
        Assert.Equal(16, (int)Marshal.OffsetOf<NvmlMemoryV2>(nameof(NvmlMemoryV2.Reserved)));
        Assert.Equal(24, (int)Marshal.OffsetOf<NvmlMemoryV2>(nameof(NvmlMemoryV2.Free)));
        Assert.Equal(32, (int)Marshal.OffsetOf<NvmlMemoryV2>(nameof(NvmlMemoryV2.Used)));
        Assert.Equal(0x02000028u, NvmlNative.MemoryV2Version);
    }
}
