using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Observability.Transport.Kafka;

/// <summary>
/// One librdkafka producer handle (a generation of <see cref="KafkaMessageProducer"/>) and the batches waiting on it.
/// Once closed (after a fatal error, when librdkafka accepts nothing more on it, or when the producer is disposed),
/// <see cref="ShutdownAsync"/> waits for the producing loops to leave, collects the reports still coming, destroys the
/// handle and fails every batch still waiting on it: no batch is ever left hanging on a dead handle.
/// </summary>
internal sealed class ProducerHandle : ProducerGeneration
{
    public ProducerHandle(int generation, ProducerConfig config, ILogger logger, Action<ProducerHandle, Error> onFatal)
        : base(generation)
    {
        Producer = new ProducerBuilder<byte[]?, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                KafkaClientLog.OnError(logger, error);
                if (error.IsFatal)
                {
                    onFatal(this, error);
                }
            })
            .SetLogHandler((_, message) => KafkaClientLog.OnLog(logger, message))
            .Build();
    }

    public IProducer<byte[]?, byte[]> Producer { get; }

    /// <inheritdoc/>
    public override async Task<int> ShutdownAsync(TimeSpan drain, Error abandonWith)
    {
        await WaitForProducingLoopsAsync();

        var left = await Task.Run(() =>
        {
            try
            {
                return Producer.Flush(drain);
            }
            finally
            {
                Producer.Dispose();
            }
        });

        AbandonWaiting(abandonWith);

        return left;
    }
}
