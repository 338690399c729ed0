using System.Diagnostics;
using System.Text;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Workers;

/// <summary>One running rank process: its stdout line protocol is parsed and handed to <see cref="LineReceived"/>.</summary>
internal sealed class RankProcess : IDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RankProcess(string jobId, int attempt, int rank, Process process, StreamWriter log)
    {
        JobId = jobId;
        Attempt = attempt;
        Rank = rank;
        _process = process;
        _log = log;
    }

    public string JobId { get; }
    public int Attempt { get; }
    public int Rank { get; }
    public long Step { get; set; }
    public long CheckpointStep { get; set; }
    public RankSummary? Summary { get; set; }
    public bool StopRequested { get; set; }

    /// <summary>Why the worker itself stopped the rank (its own shutdown), told to the scheduler with the exit; null otherwise.</summary>
    public string? StopCause { get; set; }
    public Task<int> Exited => _exited.Task;
    public Func<RankProcess, RankLine, Task>? LineReceived { get; set; }

    public static RankProcess Start(string workerPath, string configPath, string? traceParent, string logPath,
        string jobId, int attempt, int rank, Func<RankProcess, RankLine, Task> onLine)
    {
        var psi = workerPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? new ProcessStartInfo("dotnet") { ArgumentList = { workerPath } }
            : new ProcessStartInfo(workerPath);
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        psi.RedirectStandardInput = true;
        psi.UseShellExecute = false;
        psi.StandardOutputEncoding = Encoding.UTF8;
        psi.Environment[RankConfig.EnvironmentVariable] = configPath;
        if (traceParent is not null)
        {
            psi.Environment[RankConfig.TraceParentVariable] = traceParent;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var process = RankLauncher.Start(psi);
        var rp = new RankProcess(jobId, attempt, rank, process, log) { LineReceived = onLine };
        _ = rp.PumpAsync();
        return rp;
    }

    /// <summary>Asks the rank to checkpoint and exit at its next step boundary (preemption).</summary>
    public void RequestStop()
    {
        StopRequested = true;
        try
        {
            _process.StandardInput.WriteLine("stop");
            _process.StandardInput.Flush();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // the process is already gone
        }
    }

    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    public void WriteLog(string text)
    {
        lock (_log)
        {
            _log.WriteLine(text);
        }
    }

    private async Task PumpAsync()
    {
        var stderr = Task.Run(async () =>
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                WriteLog("stderr: " + line);
            }
        });
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            RankLine? parsed = null;
            if (line.StartsWith('{'))
            {
                try
                {
                    parsed = TrainJson.Deserialize<RankLine>(Encoding.UTF8.GetBytes(line));
                }
                catch (System.Text.Json.JsonException)
                {
                    parsed = null;
                }
            }

            if (parsed is null)
            {
                WriteLog(line);
                continue;
            }

            try
            {
                await LineReceived!(this, parsed);
            }
            catch (Exception e)
            {
                WriteLog($"worker could not relay a {parsed.Kind} line: {e.Message}");
            }
        }

        await stderr;
        await _process.WaitForExitAsync();
        _exited.TrySetResult(_process.ExitCode);
    }

    public void Dispose()
    {
        _process.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }
    }
}
