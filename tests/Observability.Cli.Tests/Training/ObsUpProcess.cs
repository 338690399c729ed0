using System.Diagnostics;

namespace Observability.Cli.Tests.Training;

/// <summary>A real <c>obs up</c> process (the obs.dll next to the tests), so a test can SIGTERM or SIGKILL it.</summary>
internal sealed class ObsUpProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringWriter _output = new();

    private ObsUpProcess(Process process)
    {
        _process = process;
    }

    public int Pid => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ObsUpProcess Start(string dataDirectory)
    {
        var obs = Path.Combine(AppContext.BaseDirectory, "obs.dll");
        var psi = new ProcessStartInfo("dotnet") { ArgumentList = { obs, "up", "--data", dataDirectory }, RedirectStandardOutput = true, RedirectStandardError = true };
        var p = new ObsUpProcess(Process.Start(psi)!);
        p._process.OutputDataReceived += (_, e) => p.Append(e.Data);
        p._process.ErrorDataReceived += (_, e) => p.Append(e.Data);
        p._process.BeginOutputReadLine();
        p._process.BeginErrorReadLine();
        return p;
    }

    /// <summary>SIGTERM: obs up stops cleanly.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    /// <summary>SIGKILL of obs up alone (not its process tree): what a crash or the OOM killer does.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.WriteLine(line);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
