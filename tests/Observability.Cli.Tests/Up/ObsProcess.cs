using System.Diagnostics;
using System.Text;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// The real <c>obs</c> command (the obs.dll built beside the tests) as a child process, for what needs a process of its
/// own: a stop by SIGTERM, a restart, another process holding the store's file. Its output is kept for the assertions.
/// </summary>
internal sealed class ObsProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ObsProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public static ObsProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "obs.dll"));
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        return new ObsProcess(Process.Start(start) ?? throw new InvalidOperationException("obs did not start"));
    }

    /// <summary>Runs obs to the end and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(TimeSpan timeout, params string[] arguments)
    {
        using var p = Start(arguments);
        await p.WaitForExitAsync(timeout);
        return (p.ExitCode, p.Output);
    }

    /// <summary>SIGTERM, as a service manager or Ctrl+C stops obs: it stops cleanly.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"obs did not exit within {timeout}; its output:\n{Output}");
        }

        _process.WaitForExit(); // the redirected output is complete only after this
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
