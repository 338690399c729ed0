using Microsoft.Extensions.Logging;

namespace Observability.Agent.Tests.Support;

/// <summary>The child agent's log, appended line by line (flushed at once: the process is killed with SIGKILL), for a failing test to show.</summary>
internal sealed class AppendingFileLogger<T>(string path) : ILogger<T>
{
    private readonly Lock _lock = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        lock (_lock)
        {
            File.AppendAllText(path, $"{Environment.ProcessId} {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}{Environment.NewLine}");
        }
    }
}
