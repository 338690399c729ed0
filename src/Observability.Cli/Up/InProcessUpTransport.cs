using Observability.Core.Transport;
using Observability.Transport.InProcess;

namespace Observability.Cli.Up;

/// <summary>Embedded mode: bounded in-process channels with end-to-end acknowledgement.</summary>
public sealed class InProcessUpTransport : IUpTransport
{
    public InProcessUpTransport(InProcessTransportOptions options) => Transport = new InProcessTransport(options);

    public InProcessTransport Transport { get; }

    public string Description => "in-process";

    public string IndexerGroup => InProcessTransport.DefaultGroup;

    public IMessageProducer CreateProducer() => Transport.CreateProducer();

    public IMessageConsumer CreateConsumer(string group, params string[] topics) => Transport.CreateGroupConsumer(group, topics);

    public ValueTask DisposeAsync()
    {
        Transport.FailQueued("obs up is stopping");
        return ValueTask.CompletedTask;
    }
}
