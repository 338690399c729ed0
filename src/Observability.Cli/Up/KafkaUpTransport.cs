using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Transport.Kafka;
using Observability.Transport.Kafka.Leadership;

namespace Observability.Cli.Up;

/// <summary>
/// Distributed mode inside one process: Kafka between the agent and the indexer (and any other service). Owns every
/// client it creates and closes them on dispose, after the host has stopped the services using them.
/// </summary>
public sealed class KafkaUpTransport : IUpTransport
{
    private readonly KafkaOptions _options;
    private readonly List<IAsyncDisposable> _clients = [];
    private ILoggerFactory _loggers = NullLoggerFactory.Instance;

    public KafkaUpTransport(KafkaOptions options)
    {
        options.Validate();
        _options = options;
    }

    public string Description => $"kafka {_options.BootstrapServers}";

    public string IndexerGroup => "obs-indexer";

    /// <summary>Loggers for clients created from now on (the host's logging exists only after the first clients).</summary>
    public void UseLoggers(ILoggerFactory loggers) => _loggers = loggers;

    public IMessageProducer CreateProducer() => Track(new KafkaMessageProducer(_options, _loggers.CreateLogger<KafkaMessageProducer>()));

    public IMessageConsumer CreateConsumer(string group, params string[] topics) =>
        Track(new KafkaMessageConsumer(_options, group, topics, _loggers.CreateLogger<KafkaMessageConsumer>()));

    /// <summary>A candidate for the leader lease of <paramref name="singleton"/> (closed with the transport, after the host stopped).</summary>
    public KafkaLeaderLease CreateLeaderLease(string singleton) =>
        Track(new KafkaLeaderLease(_options, singleton, _loggers.CreateLogger<KafkaLeaderLease>()));

    private T Track<T>(T client)
        where T : IAsyncDisposable
    {
        lock (_clients)
        {
            _clients.Add(client);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable[] clients;
        lock (_clients)
        {
            clients = [.. _clients];
            _clients.Clear();
        }

        // Producers flush what they still hold; consumers leave their group. Newest first: the indexer's consumer last.
        foreach (var client in clients.Reverse())
        {
            await client.DisposeAsync();
        }
    }
}
