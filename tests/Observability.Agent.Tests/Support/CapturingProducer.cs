using System.Collections.Concurrent;
using System.Text.Json;
using Observability.Core.Transport;

namespace Observability.Agent.Tests.Support;

/// <summary>
/// A producer under the test's control: copies every delivered message (the agent's buffers are pooled and reused),
/// can fail on demand, and can hold acknowledgements back.
/// </summary>
internal sealed class CapturingProducer : IMessageProducer
{
    private readonly ConcurrentQueue<byte[]> _values = new();
    private volatile bool _fail;

    public int Produced => _values.Count;

    public int Calls;

    public bool Fail { get => _fail; set => _fail = value; }

    /// <summary>Messages acknowledged before every later batch is held (never delivered, never acknowledged: a stuck transport).</summary>
    public int AcknowledgeOnly { get; set; } = int.MaxValue;

    public IEnumerable<byte[]> Values => _values;

    public Task ProduceAsync(IReadOnlyList<TransportMessage> messages, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Calls);
        if (_fail)
        {
            return Task.FromException(new TransportException("injected failure", isTransient: true));
        }

        if (_values.Count + messages.Count > AcknowledgeOnly)
        {
            return Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        }

        foreach (var m in messages)
        {
            _values.Enqueue(m.Value.ToArray());
        }

        return Task.CompletedTask;
    }

    public List<JsonElement> Documents() => [.. _values.Select(v => JsonDocument.Parse(v).RootElement.Clone())];

    public List<string> Messages() => [.. Documents().Select(d => d.GetProperty("message").GetString()!)];

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
