using Microsoft.Extensions.Hosting;
using Observability.Core.Transport;

namespace Observability.Detection.Hosting;

/// <summary>
/// What the detector does during one term of its leader lease (<c>detector</c>, on a cluster): join the detector's
/// consumer group and feed the engine (<see cref="DetectionConsumerService"/>), and evaluate the rules and notify every
/// evaluation interval (<see cref="AlerterService"/>). At the term's end it stops evaluating first, then consuming, and
/// closes the consumer so that the group hands its partitions to the next leader from the last acknowledged offsets.
/// </summary>
public sealed class DetectorLeaderTerm : IHostedService, IAsyncDisposable
{
    private readonly AlerterService _alerter;
    private readonly IMessageConsumer? _messages;
    private readonly DetectionConsumerService? _consumer;

    /// <param name="alerter">This term's evaluation loop.</param>
    /// <param name="messages">This term's consumer (null when the indexer feeds the engine in-process); closed with the term.</param>
    /// <param name="consume">Builds the service that reads <paramref name="messages"/> into the engine.</param>
    public DetectorLeaderTerm(AlerterService alerter, IMessageConsumer? messages, Func<IMessageConsumer, DetectionConsumerService> consume)
    {
        _alerter = alerter;
        _messages = messages;
        _consumer = messages is null ? null : consume(messages);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_consumer is not null)
        {
            await _consumer.StartAsync(cancellationToken);
        }

        await _alerter.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _alerter.StopAsync(cancellationToken);
        if (_consumer is not null)
        {
            await _consumer.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _alerter.Dispose();
        _consumer?.Dispose();
        if (_messages is not null)
        {
            await _messages.DisposeAsync();
        }
    }
}
