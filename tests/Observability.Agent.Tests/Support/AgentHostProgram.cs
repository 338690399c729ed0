using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Transport.Kafka;

namespace Observability.Agent.Tests.Support;

/// <summary>
/// The test assembly doubles as a tiny agent host, so a test can run the real agent as a child process and
/// <c>kill -9</c> it: <c>dotnet Observability.Agent.Tests.dll agent-host GLOB STATE_DIR BOOTSTRAP TOPIC</c>.
/// (xunit loads this assembly as a library; the entry point is used only by those child processes.)
/// </summary>
public static class AgentHostProgram
{
    /// <summary>Environment variable naming a file the child agent logs to (none: no log).</summary>
    public const string LogVariable = "OBS_AGENT_HOST_LOG";

    public static async Task<int> Main(string[] args)
    {
        if (args is not ["agent-host", var glob, var state, var bootstrap, var topic])
        {
            await Console.Error.WriteLineAsync("usage: agent-host GLOB STATE_DIR BOOTSTRAP TOPIC");
            return 2;
        }

        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
        await using var producer = new KafkaMessageProducer(new KafkaOptions { BootstrapServers = bootstrap, ClientId = "agent-host", LingerMs = 2 });
        var options = new FileInputOptions
        {
            Include = [glob],
            CheckpointDirectory = state,
            Topic = topic,
            HostName = "node-kill",
            ScanInterval = TimeSpan.FromMilliseconds(100),
            CheckpointInterval = TimeSpan.FromMilliseconds(100),
            MaxBatchLines = 500,
        };
        Microsoft.Extensions.Logging.ILogger<FileAgent> logger = Environment.GetEnvironmentVariable(LogVariable) is { Length: > 0 } log
            ? new AppendingFileLogger<FileAgent>(log)
            : NullLogger<FileAgent>.Instance;
        await using var agent = new FileAgent(options, producer, TimeProvider.System, logger);
        await agent.RunAsync(stop.Token);
        return 0;
    }
}
