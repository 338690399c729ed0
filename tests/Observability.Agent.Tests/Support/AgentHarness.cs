using Microsoft.Extensions.Logging.Abstractions;
using Observability.Agent.Files;
using Observability.Testing;

namespace Observability.Agent.Tests.Support;

/// <summary>Runs a <see cref="FileAgent"/> in the background of a test and stops it cleanly.</summary>
internal sealed class AgentHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly Task _run;

    public AgentHarness(FileInputOptions options, Core.Transport.IMessageProducer producer, Microsoft.Extensions.Logging.ILogger<FileAgent>? logger = null)
    {
        Agent = new FileAgent(options, producer, TimeProvider.System, logger ?? NullLogger<FileAgent>.Instance);
        _run = Task.Run(() => Agent.RunAsync(_cts.Token));
    }

    public FileAgent Agent { get; }

    /// <summary>For failure messages: how the agent's loop ended, if it did.</summary>
    public string RunStatus => _run.IsFaulted ? _run.Exception!.ToString() : _run.Status.ToString();

    public static FileInputOptions Options(TemporaryDirectory dir, params string[] include) => new()
    {
        Include = [.. include],
        CheckpointDirectory = dir.File("state"),
        HostName = "node-1",
        ScanInterval = TimeSpan.FromMilliseconds(100),
        CheckpointInterval = TimeSpan.FromMilliseconds(100),
        CloseRemovedAfter = TimeSpan.FromMilliseconds(300),
        FingerprintBytes = 64,
    };

    public async Task StopAsync()
    {
        await _cts.CancelAsync();
        await _run;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        await Agent.DisposeAsync();
        _cts.Dispose();
    }
}
