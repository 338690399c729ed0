using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>Turns <see cref="KafkaOptions"/> into librdkafka client settings, with the guarantees fixed last.</summary>
internal static class KafkaClientConfig
{
    public static ProducerConfig ForProducer(KafkaOptions options)
    {
        var config = new ProducerConfig();
        ApplyCommon(config, options);
        config.CompressionType = options.Compression;
        config.LingerMs = options.LingerMs;
        config.BatchSize = options.BatchSizeBytes;
        config.MessageTimeoutMs = options.MessageTimeoutMs;
        config.MessageMaxBytes = options.MaxMessageBytes;

        // Delivery reports only need the outcome: marshalling key/value/headers back costs CPU per message.
        config.DeliveryReportFields = "status";
        ApplyExtra(config, options);

        // The guarantees: no loss (acks from every in-sync replica), no reordering or duplicates on retry.
        config.EnableIdempotence = true;
        config.Acks = Acks.All;
        return config;
    }

    public static ConsumerConfig ForConsumer(KafkaOptions options, string groupId)
    {
        var config = new ConsumerConfig();
        ApplyCommon(config, options);
        config.GroupId = groupId;
        config.AutoOffsetReset = options.AutoOffsetReset;
        config.SessionTimeoutMs = options.SessionTimeoutMs;
        config.AutoCommitIntervalMs = options.AutoCommitIntervalMs;
        config.ConsumeResultFields = "topic,headers";
        ApplyExtra(config, options);

        // Only acknowledged offsets are stored; the stored ones are committed in the background and on close.
        config.EnableAutoOffsetStore = false;
        config.EnableAutoCommit = true;
        return config;
    }

    private static void ApplyCommon(ClientConfig config, KafkaOptions options)
    {
        config.BootstrapServers = options.BootstrapServers;
        config.ClientId = options.ClientId;
        config.SecurityProtocol = options.SecurityProtocol;
        if (options.SaslMechanism is { } mechanism)
        {
            config.SaslMechanism = mechanism;
            config.SaslUsername = options.SaslUsername;
            config.SaslPassword = options.SaslPassword;
        }

        config.SslCaLocation = options.SslCaLocation;
        config.SslCertificateLocation = options.SslCertificateLocation;
        config.SslKeyLocation = options.SslKeyLocation;
        config.SslKeyPassword = options.SslKeyPassword;
    }

    private static void ApplyExtra(ClientConfig config, KafkaOptions options)
    {
        foreach (var (key, value) in options.Extra)
        {
            config.Set(key, value);
        }
    }
}
