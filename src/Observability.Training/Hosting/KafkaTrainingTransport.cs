using Observability.Core.Transport;
using Observability.Training.Persistence;
using Observability.Transport.Kafka;

namespace Observability.Training.Hosting;

/// <summary>
/// Distributed mode: the train.* topics on Kafka (key = job id or worker id; W3C traceparent in the message headers).
/// <c>train.events</c> should be created with <c>cleanup.policy=compact</c> so that the newest snapshot per job is kept.
/// </summary>
public sealed class KafkaTrainingTransport(KafkaOptions options) : ITrainingTransport, IAsyncDisposable
{
    private readonly KafkaMessageProducer _producer = new(options);

    public IMessageProducer Producer => _producer;

    public IMessageConsumer Subscribe(string topic, string group) => new KafkaMessageConsumer(options, group, [topic]);

    /// <summary>
    /// The scheduler's event log on <c>train.events</c>: replayed with a fresh consumer group that starts at the earliest
    /// offset and never commits, so every start reads the whole (compacted) topic.
    /// </summary>
    public IJobEventLog CreateEventLog(string schedulerId) =>
        new TransportJobEventLog(_producer, () => new KafkaMessageConsumer(
            options, $"{schedulerId}-replay-{Guid.NewGuid():N}", [Topics.TrainEvents]));

    public ValueTask DisposeAsync() => _producer.DisposeAsync();
}
