using System.Text;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;
using Observability.Core.Transport;

namespace Observability.Indexer;

/// <summary>
/// Dead letters to the <c>obs.deadletter</c> topic (distributed mode), each as an ECS document: the reason in
/// <c>error.message</c>, the raw payload in <c>event.original</c>, where it came from in <c>labels.*</c>.
/// </summary>
public sealed class TransportDeadLetterSink : IDeadLetterSink
{
    private readonly IMessageProducer _producer;
    private readonly string _topic;

    public TransportDeadLetterSink(IMessageProducer producer, string topic = Topics.DeadLetter)
    {
        _producer = producer;
        _topic = topic;
    }

    public Task WriteAsync(IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        var messages = new List<TransportMessage>(deadLetters.Count);
        foreach (var d in deadLetters)
        {
            var doc = new EcsDocument { Id = d.Id, Timestamp = d.Time };
            doc.Set(EcsFields.ErrorMessage, d.Reason);
            doc.Set(EcsFields.EventOriginal, Encoding.UTF8.GetString(d.Payload.Span));
            doc.Set(EcsFields.EventKind, "pipeline_error");
            doc.Set("labels.source_topic", d.Topic);
            doc.Set("labels.source_position", d.Position);
            messages.Add(new TransportMessage(_topic, d.Topic, EcsJson.ToUtf8(doc)));
        }

        return _producer.ProduceAsync(messages, cancellationToken);
    }
}
