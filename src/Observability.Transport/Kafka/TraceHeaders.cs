using System.Text;
using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>The W3C trace context travels in the <c>traceparent</c> Kafka header (ASCII).</summary>
public static class TraceHeaders
{
    public const string TraceParent = "traceparent";

    public static Headers Create(string traceParent) => new() { { TraceParent, Encoding.ASCII.GetBytes(traceParent) } };

    public static string? Read(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(TraceParent, out var bytes) && bytes is not null
            ? Encoding.ASCII.GetString(bytes)
            : null;
}
