using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Observability.Core.Transport;
using Observability.Transport.Kafka.Leadership;

namespace Observability.Transport.Kafka;

/// <summary>
/// Distributed mode: one process's Kafka clients (the agent's producers, the indexer's consumer, the scheduler's, the
/// leader leases). Owns every client it creates and closes them on dispose, newest first, after the host has stopped
/// the services using them.
/// </summary>
public sealed class KafkaMessageTransport : IMessageTransport
{
    private readonly KafkaOptions _options;
    private readonly List<IAsyncDisposable> _clients = [];
    private ILoggerFactory _loggers = NullLoggerFactory.Instance;

    public KafkaMessageTransport(KafkaOptions options)
    {
        options.Validate();
        _options = options;
    }

    public string Description => $"kafka {_options.BootstrapServers}";

    /// <summary>Loggers for clients created from now on (the host's logging exists only after the first clients).</summary>
    public void UseLoggers(ILoggerFactory loggers) => _loggers = loggers;

    /// <summary>The producer <see cref="KafkaOptions.BatchProduce"/> selects, as <c>obs agent</c> ships with (<see cref="KafkaProducerFactory"/>).</summary>
    public IMessageProducer CreateProducer() => Track(KafkaProducerFactory.Create(_options, _loggers));

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
