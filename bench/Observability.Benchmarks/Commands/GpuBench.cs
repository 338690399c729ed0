using System.CommandLine;
using Observability.Agent.Metrics.Gpu;

namespace Observability.Benchmarks.Commands;

/// <summary>
/// <c>obs bench gpu</c>: the agent's NVML readings against <c>nvidia-smi</c> on this host's GPUs, each field within a
/// stated tolerance (<see cref="GpuCrossCheck"/>). <c>tools/gpu-check</c> is the same check as one self-contained file.
/// </summary>
internal static class GpuBench
{
    public static Command Create()
    {
        var rounds = new Option<int>("--rounds") { Description = "How many times to read both", DefaultValueFactory = _ => 5 };
        var interval = new Option<int>("--interval-ms") { Description = "Pause between rounds", DefaultValueFactory = _ => 1000 };
        var smi = new Option<string>("--nvidia-smi") { Description = "nvidia-smi executable", DefaultValueFactory = _ => "nvidia-smi" };
        var cmd = new Command("gpu", "Compare the agent's NVML GPU readings with nvidia-smi on this host; last line: gpus= rounds= fields_compared= agree= disagree= card= driver=");
        cmd.Options.Add(rounds);
        cmd.Options.Add(interval);
        cmd.Options.Add(smi);
        cmd.SetAction(async (ParseResult r, CancellationToken ct) =>
            await GpuCrossCheckRunner.RunAsync(Math.Max(1, r.GetValue(rounds)), TimeSpan.FromMilliseconds(Math.Max(0, r.GetValue(interval))), r.GetValue(smi)!, Console.Out, ct));
        return cmd;
    }
}
