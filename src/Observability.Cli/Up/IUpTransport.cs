using Observability.Core.Transport;

namespace Observability.Cli.Up;

/// <summary>
/// The transport every service of <c>obs up</c> uses: in-process channels by default, Kafka with <c>--kafka</c>.
/// Consumers of different groups each see every message of a topic; consumers of one group share them.
/// </summary>
public interface IUpTransport : IAsyncDisposable
{
    string Description { get; }

    /// <summary>The indexer's consumer group (in-process: the group that also holds messages produced before any consumer existed).</summary>
    string IndexerGroup { get; }

    IMessageProducer CreateProducer();

    IMessageConsumer CreateConsumer(string group, params string[] topics);
}
