using Microsoft.Extensions.Logging;
using Observability.Core.Transport;
using Observability.Transport.Kafka;

namespace Observability.Cli.Up;

/// <summary>Distributed mode inside one process: Kafka between the agent and the indexer (and any other service).</summary>
public sealed class KafkaUpTransport : IUpTransport
{
    private readonly KafkaOptions _options;
    private readonly ILoggerFactory _loggers;

    public KafkaUpTransport(KafkaOptions options, ILoggerFactory loggers)
    {
        options.Validate();
        _options = options;
        _loggers = loggers;
    }

    public string Description => $"kafka {_options.BootstrapServers}";

    public string IndexerGroup => "obs-indexer";

    public IMessageProducer CreateProducer() => new KafkaMessageProducer(_options, _loggers.CreateLogger<KafkaMessageProducer>());

    public IMessageConsumer CreateConsumer(string group, params string[] topics) =>
        new KafkaMessageConsumer(_options, group, topics, _loggers.CreateLogger<KafkaMessageConsumer>());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
