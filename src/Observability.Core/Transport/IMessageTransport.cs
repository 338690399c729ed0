namespace Observability.Core.Transport;

/// <summary>
/// Where a host's messages travel: bounded in-process channels on one machine, Kafka on a cluster. Every component
/// that produces or consumes asks the host's transport for clients of its own; the transport owns them and closes them
/// when it is disposed, after the host has stopped the services using them (a client closed twice is harmless).
/// </summary>
public interface IMessageTransport : IAsyncDisposable
{
    /// <summary>What it is, for the start-up banner: <c>in-process</c>, <c>kafka HOST:PORT,…</c>.</summary>
    string Description { get; }

    IMessageProducer CreateProducer();

    /// <summary>
    /// A consumer of <paramref name="topics"/> in consumer group <paramref name="group"/>: every group sees every
    /// message, and the consumers of one group share them.
    /// </summary>
    IMessageConsumer CreateConsumer(string group, params string[] topics);
}
