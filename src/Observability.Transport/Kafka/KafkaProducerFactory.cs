using Microsoft.Extensions.Logging;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>Builds the producer <see cref="KafkaOptions.BatchProduce"/> selects.</summary>
public static class KafkaProducerFactory
{
    public static IMessageProducer Create(KafkaOptions options, ILoggerFactory loggers) =>
        options.BatchProduce && OperatingSystem.IsLinux()
            ? new KafkaBatchProducer(options, loggers.CreateLogger<KafkaBatchProducer>())
            : new KafkaMessageProducer(options, loggers.CreateLogger<KafkaMessageProducer>());
}
