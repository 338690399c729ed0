using System.Globalization;
using Observability.Core.Documents;
using Serilog.Events;

namespace Observability.Core.Logging;

/// <summary>
/// Maps a Serilog event to an ECS log document (the shape Elastic's ECS formatter produces): <c>@timestamp</c>,
/// <c>log.level</c>, <c>message</c> (rendered), <c>message_template</c>-free <c>labels.*</c> for scalar properties,
/// <c>log.logger</c>, <c>error.*</c>, <c>trace.id</c>/<c>span.id</c>, and the service identity.
/// </summary>
public sealed class EcsLogEvent
{
    private readonly string _serviceName;
    private readonly string _hostName;
    private readonly Func<string?, string>? _serviceForLogger;

    /// <param name="serviceName">ECS <c>service.name</c>, e.g. <c>obs-indexer</c>.</param>
    /// <param name="serviceForLogger">Optional: picks <c>service.name</c> from the logger's source context, so one process
    /// hosting several services (<c>obs up</c>) labels each event with the service that wrote it.</param>
    public EcsLogEvent(string serviceName, string hostName, Func<string?, string>? serviceForLogger = null)
    {
        _serviceName = serviceName;
        _hostName = hostName;
        _serviceForLogger = serviceForLogger;
    }

    public EcsDocument ToDocument(LogEvent e)
    {
        var doc = new EcsDocument(16);
        doc.Timestamp = e.Timestamp.ToUniversalTime();
        doc.Set(EcsFields.LogLevel, Level(e.Level));
        doc.Set(EcsFields.Message, e.RenderMessage(CultureInfo.InvariantCulture));
        var logger = e.Properties.TryGetValue("SourceContext", out var sc) && sc is ScalarValue { Value: string s } ? s : null;
        doc.Set("log.logger", logger);
        doc.Set(EcsFields.ServiceName, _serviceForLogger?.Invoke(logger) ?? _serviceName);
        doc.Set(EcsFields.HostName, _hostName);
        doc.Set(EcsFields.EcsVersion, EcsFields.CurrentEcsVersion);
        doc.Set("process.pid", (long)Environment.ProcessId);
        doc.Set(EcsFields.DataStreamType, DataStream.Logs);
        doc.Set(EcsFields.DataStreamDataset, "obs");
        doc.Set(EcsFields.DataStreamNamespace, "default");
        doc.Set(EcsFields.EventDataset, "obs");
        if (e.TraceId is { } traceId)
        {
            doc.Set(EcsFields.TraceId, traceId.ToHexString());
        }

        if (e.SpanId is { } spanId)
        {
            doc.Set(EcsFields.SpanId, spanId.ToHexString());
        }

        if (e.Exception is { } ex)
        {
            doc.Set("error.type", ex.GetType().FullName);
            doc.Set(EcsFields.ErrorMessage, ex.Message);
            doc.Set("error.stack_trace", ex.ToString());
        }

        foreach (var (name, value) in e.Properties)
        {
            if (name is "SourceContext" or "EventId")
            {
                continue;
            }

            // ECS labels are flat keyword values; structured properties are kept rendered.
            var text = value is ScalarValue { Value: IFormattable f } ? f.ToString(null, CultureInfo.InvariantCulture)
                : value is ScalarValue { Value: var v } ? v?.ToString()
                : value.ToString();
            doc.Set("labels." + name, text);
        }

        return doc;
    }

    public static string Level(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose => "trace",
        LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };
}
