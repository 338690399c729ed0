using System.Diagnostics;

namespace Observability.Agent.Metrics.Gpu;

/// <summary>The fallback when NVML cannot be loaded: runs <c>nvidia-smi</c> each sample and parses its CSV.</summary>
public sealed class NvidiaSmiGpuReader(string executable) : IGpuReader
{
    private string _query = NvidiaSmiCsv.GpuQuery;

    public string Source => "nvidia-smi";

    /// <summary>The <c>--query-gpu</c> columns, chosen from the ones this driver lists.</summary>
    public string Query => _query;

    /// <summary>Null when nvidia-smi is missing or reports no GPU.</summary>
    public static NvidiaSmiGpuReader? TryCreate(string executable)
    {
        var reader = new NvidiaSmiGpuReader(executable);
        try
        {
            reader._query = NvidiaSmiCsv.GpuQueryFor(reader.Run("--help-query-gpu"));
            return reader.Read().Count > 0 ? reader : null;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
    }

    public IReadOnlyList<GpuSample> Read()
    {
        var gpus = Run($"--query-gpu={_query}", "--format=csv,nounits");
        var apps = Run($"--query-compute-apps={NvidiaSmiCsv.ProcessQuery}", "--format=csv,nounits");
        return NvidiaSmiCsv.ParseGpus(gpus, NvidiaSmiCsv.ParseProcesses(apps));
    }

    private string Run(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(executable, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("nvidia-smi did not start");
        var output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(10_000))
        {
            p.Kill();
            throw new InvalidOperationException("nvidia-smi did not finish in 10 s");
        }

        return p.ExitCode == 0 ? output : string.Empty;
    }

    public void Dispose()
    {
    }
}
