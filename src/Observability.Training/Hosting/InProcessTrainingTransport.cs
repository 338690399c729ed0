using Observability.Core.Transport;
using Observability.Training.Bus;

namespace Observability.Training.Hosting;

/// <summary>Embedded mode: <see cref="InProcessTrainingBus"/>.</summary>
public sealed class InProcessTrainingTransport(InProcessTrainingBus bus) : ITrainingTransport
{
    public IMessageProducer Producer { get; } = bus.CreateProducer();

    public IMessageConsumer Subscribe(string topic, string group) => bus.Subscribe(topic, group);
}
