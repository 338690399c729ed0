using Observability.Core.Logging;
using Observability.Core.Transport;
using Serilog;
using Serilog.Events;

namespace Observability.Cli.Up;

/// <summary>
/// The host's own logging: Serilog to the console, and as ECS documents into the pipeline (<c>obs.logs</c>), where
/// each event is labelled with the service that wrote it (<c>service.name: obs-indexer</c>, <c>obs-agent</c>, …) and
/// is searchable like any other log (<c>obs search 'service.name:obs-indexer'</c>).
/// </summary>
internal static class UpLogging
{
    public static string ServiceFor(string? sourceContext) => sourceContext switch
    {
        null => "obs-up",
        _ when sourceContext.StartsWith("Observability.Indexer", StringComparison.Ordinal) => "obs-indexer",
        _ when sourceContext.StartsWith("Observability.Agent", StringComparison.Ordinal) => "obs-agent",
        _ when sourceContext.StartsWith("Observability.Transport", StringComparison.Ordinal) => "obs-transport",
        _ when sourceContext.StartsWith("Observability.Detection", StringComparison.Ordinal) => "obs-detector",
        _ when sourceContext.StartsWith("Observability.Training", StringComparison.Ordinal) => "obs-scheduler",
        _ when sourceContext.StartsWith("Observability.Reports", StringComparison.Ordinal) => "obs-reporter",
        _ when sourceContext.StartsWith("Observability.Storage", StringComparison.Ordinal) => "obs-store",
        _ => "obs-up",
    };

    public static (Serilog.Core.Logger Logger, TransportSink Sink) Create(IMessageProducer producer, LogEventLevel consoleLevel, TimeProvider time)
    {
        var sink = new TransportSink(producer, new EcsLogEvent("obs-up", Environment.MachineName, ServiceFor), new TransportSinkOptions(), time);
        var logger = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System", LogEventLevel.Warning)
            .WriteTo.Console(restrictedToMinimumLevel: consoleLevel, outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}", standardErrorFromLevel: LogEventLevel.Verbose)
            .WriteTo.Sink(sink, LogEventLevel.Information)
            .CreateLogger();
        return (logger, sink);
    }
}
