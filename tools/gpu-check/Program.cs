using System.Globalization;
using Observability.Agent.Metrics.Gpu;

// gpu-check [ROUNDS [INTERVAL_MS [NVIDIA_SMI]]]: the agent's NVML readings against nvidia-smi on this host's GPUs.
var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var interval = TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000);
var nvidiaSmi = args.Length > 2 ? args[2] : "nvidia-smi";
return await GpuCrossCheckRunner.RunAsync(rounds, interval, nvidiaSmi, Console.Out, CancellationToken.None);
