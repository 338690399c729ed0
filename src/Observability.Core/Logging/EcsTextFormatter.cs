using System.Text.Json;
using Observability.Core.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace Observability.Core.Logging;

/// <summary>
/// A Serilog formatter that writes each event as one line of ECS JSON (what Elastic.CommonSchema.Serilog does; that
/// package is not served here). Use it for file or console sinks whose output an agent ships.
/// </summary>
public sealed class EcsTextFormatter : ITextFormatter
{
    private readonly EcsLogEvent _mapper;

    public EcsTextFormatter(EcsLogEvent mapper) => _mapper = mapper;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        var doc = _mapper.ToDocument(logEvent);
        using var buffer = new MemoryStream(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            EcsJson.Write(writer, doc);
        }

        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
