using Observability.Core.Transport;
using Observability.Transport.InProcess;

namespace Observability.Cli.Up;

/// <summary>Embedded mode: bounded in-process channels with end-to-end acknowledgement.</summary>
public sealed class InProcessUpTransport : IUpTransport
{
    private readonly List<IMessageConsumer> _consumers = [];

    public InProcessUpTransport(InProcessTransportOptions options) => Transport = new InProcessTransport(options);

    public InProcessTransport Transport { get; }

    public string Description => "in-process";

    public string IndexerGroup => InProcessTransport.DefaultGroup;

    public IMessageProducer CreateProducer() => Transport.CreateProducer();

    public IMessageConsumer CreateConsumer(string group, params string[] topics)
    {
        var consumer = Transport.CreateGroupConsumer(group, topics);
        lock (_consumers)
        {
            _consumers.Add(consumer);
        }

        return consumer;
    }

    public async ValueTask DisposeAsync()
    {
        IMessageConsumer[] consumers;
        lock (_consumers)
        {
            consumers = [.. _consumers];
            _consumers.Clear();
        }

        // Parts of batches a consumer took but never handed out, and batches nobody took, fail back to their producers.
        foreach (var consumer in consumers)
        {
            await consumer.DisposeAsync();
        }

        Transport.FailQueued("obs up is stopping");
    }
}
