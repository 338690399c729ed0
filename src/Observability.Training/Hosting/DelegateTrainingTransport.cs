using Observability.Core.Transport;

namespace Observability.Training.Hosting;

/// <summary>
/// The train.* topics on a host's own transport (e.g. <c>obs up</c>'s in-process channels or Kafka), given as a
/// producer and a subscribe function <c>(topic, group) → consumer</c>.
/// </summary>
public sealed class DelegateTrainingTransport(IMessageProducer producer, Func<string, string, IMessageConsumer> subscribe) : ITrainingTransport
{
    public IMessageProducer Producer => producer;

    public IMessageConsumer Subscribe(string topic, string group) => subscribe(topic, group);
}
