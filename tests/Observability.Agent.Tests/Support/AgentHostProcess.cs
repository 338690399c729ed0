using System.Diagnostics;
using System.Text.Json;
using Observability.Agent.Files;

namespace Observability.Agent.Tests.Support;

/// <summary>The real agent as a child process (<see cref="AgentHostProgram"/>), to be killed with SIGKILL, and its checkpoints as written to disk.</summary>
internal static class AgentHostProcess
{
    public static Process Start(string glob, string state, string bootstrap, string topic, string? logFile = null)
    {
        var self = typeof(AgentHostProgram).Assembly.Location;
        var psi = new ProcessStartInfo("dotnet", ["exec", self, "agent-host", glob, state, bootstrap, topic])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = false,
            UseShellExecute = false,
        };
        if (logFile is not null)
        {
            psi.Environment[AgentHostProgram.LogVariable] = logFile;
        }

        return Process.Start(psi)!;
    }

    /// <summary>The acknowledged offset of every file in the checkpoint file (none before its first save).</summary>
    public static IReadOnlyList<long> CheckpointOffsets(string state)
    {
        var path = Path.Combine(state, CheckpointStore.FileName);
        if (!File.Exists(path))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return [.. doc.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("offset").GetInt64())];
    }
}
