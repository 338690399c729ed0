using Observability.Core.Transport;

namespace Observability.Transport.InProcess;

/// <summary>
/// Embedded mode: bounded in-process channels with end-to-end acknowledgement (<see cref="InProcessTransport"/>).
/// Messages produced before any consumer exists wait in <see cref="InProcessTransport.DefaultGroup"/> (<c>obs up</c>'s
/// indexer consumes in that group). On dispose, batches nobody took fail back to their producers.
/// </summary>
public sealed class InProcessMessageTransport : IMessageTransport
{
    private readonly List<IMessageConsumer> _consumers = [];

    public InProcessMessageTransport(InProcessTransportOptions options) => Transport = new InProcessTransport(options);

    public InProcessTransport Transport { get; }

    public string Description => "in-process";

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

        Transport.FailQueued("the process is stopping");
    }
}
