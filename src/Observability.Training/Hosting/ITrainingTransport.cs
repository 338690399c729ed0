using Observability.Core.Transport;

namespace Observability.Training.Hosting;

/// <summary>The train.* topics: in-process channels (embedded) or Kafka (distributed).</summary>
public interface ITrainingTransport
{
    IMessageProducer Producer { get; }

    /// <summary>A consumer of <paramref name="topic"/> in consumer group <paramref name="group"/> (every group sees every message).</summary>
    IMessageConsumer Subscribe(string topic, string group);
}
