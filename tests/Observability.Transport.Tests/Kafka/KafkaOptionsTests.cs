using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Observability.Core.Options;
using Observability.Core.Transport;
using Observability.Transport.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class KafkaOptionsTests
{
    [Fact]
    public void DefaultsAreValidAndSafe()
    {
        var options = new KafkaOptions();

        options.Validate();
        Assert.Equal(CompressionType.Lz4, options.Compression);
        Assert.Equal(AutoOffsetReset.Earliest, options.AutoOffsetReset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("broker-without-port")]
    [InlineData("host:99999")]
    public void ABadBootstrapListIsNamed(string servers)
    {
        var error = Assert.Throws<ObsConfigException>(() => new KafkaOptions { BootstrapServers = servers }.Validate());

        Assert.Equal("kafka.bootstrap_servers", error.Key);
    }

    [Fact]
    public void SaslWithoutCredentialsNamesEachMissingKey()
    {
        var options = new KafkaOptions { SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512 };

        Assert.Equal("kafka.sasl_username", Assert.Throws<ObsConfigException>(options.Validate).Key);
        options.SaslUsername = "obs";
        Assert.Equal("kafka.sasl_password", Assert.Throws<ObsConfigException>(options.Validate).Key);
        Assert.Equal("kafka.sasl_mechanism", Assert.Throws<ObsConfigException>(new KafkaOptions { SecurityProtocol = SecurityProtocol.SaslPlaintext }.Validate).Key);
    }

    [Fact]
    public void MissingTlsFilesAndHalfAClientCertificateAreNamed()
    {
        var options = new KafkaOptions { SecurityProtocol = SecurityProtocol.Ssl, SslCaLocation = "/nonexistent/ca.pem", SslCertificateLocation = "/nonexistent/client.pem" };

        Assert.Equal("kafka.ssl_key_location", Assert.Throws<ObsConfigException>(options.Validate).Key);
        options.SslCertificateLocation = null;
        Assert.Equal("kafka.ssl_ca_location", Assert.Throws<ObsConfigException>(options.Validate).Key);
    }

    [Theory]
    [InlineData(nameof(KafkaOptions.LingerMs), "kafka.linger_ms")]
    [InlineData(nameof(KafkaOptions.BatchSizeBytes), "kafka.batch_size_bytes")]
    [InlineData(nameof(KafkaOptions.MessageTimeoutMs), "kafka.message_timeout_ms")]
    [InlineData(nameof(KafkaOptions.MaxMessageBytes), "kafka.max_message_bytes")]
    [InlineData(nameof(KafkaOptions.ClientId), "kafka.client_id")]
    public void OutOfRangeTuningIsNamed(string property, string key)
    {
        var options = new KafkaOptions();
        switch (property)
        {
            case nameof(KafkaOptions.LingerMs): options.LingerMs = -1; break;
            case nameof(KafkaOptions.BatchSizeBytes): options.BatchSizeBytes = 0; break;
            case nameof(KafkaOptions.MessageTimeoutMs): options.MessageTimeoutMs = 0; break;
            case nameof(KafkaOptions.MaxMessageBytes): options.MaxMessageBytes = 999; break;
            default: options.ClientId = " "; break;
        }

        var error = Assert.Throws<ObsConfigException>(options.Validate);
        Assert.Equal(key, error.Key);
        Assert.StartsWith($"{key} ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheProducerIsConfiguredWithMaxMessageBytes()
    {
        Assert.Equal(KafkaOptions.DefaultMaxMessageBytes, KafkaClientConfig.ForProducer(new KafkaOptions()).MessageMaxBytes);
        Assert.Equal(5_000_000, KafkaClientConfig.ForProducer(new KafkaOptions { MaxMessageBytes = 5_000_000 }).MessageMaxBytes);
    }

    [Theory]
    [InlineData("enable.idempotence", "false")]
    [InlineData("acks", "1")]
    [InlineData("enable.auto.offset.store", "true")]
    public void ExtraSettingsMayNotWeakenTheGuarantees(string key, string value)
    {
        var options = new KafkaOptions { Extra = { [key] = value } };

        Assert.Equal($"kafka.extra.{key}", Assert.Throws<ObsConfigException>(options.Validate).Key);
    }

    [Fact]
    public void ToStringNeverShowsSecrets()
    {
        var options = new KafkaOptions
        {
            SecurityProtocol = SecurityProtocol.SaslSsl,
            SaslMechanism = SaslMechanism.Plain,
            SaslUsername = "shipper",
            SaslPassword = "hunter2-sasl",
            SslKeyPassword = "hunter2-key",
            SslCertificateLocation = "/etc/obs/client.pem",
            SslKeyLocation = "/etc/obs/client.key",
            Extra = { ["sasl.oauthbearer.client.secret"] = "hunter2-oauth", ["socket.keepalive.enable"] = "true" },
        };

        var text = options.ToString();

        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.Contains("shipper", text, StringComparison.Ordinal);
        Assert.Contains("socket.keepalive.enable = true", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ClientsRefuseInvalidOptions()
    {
        var options = new KafkaOptions { BootstrapServers = "nope" };

        Assert.Throws<ObsConfigException>(() => new KafkaMessageProducer(options));
        Assert.Throws<ObsConfigException>(() => new KafkaMessageConsumer(options, "group", ["topic"]));
    }

    [Fact]
    public void TheRegistrationFailsAtStartUpNamingTheKey()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddKafkaTransport(o => o.LingerMs = -5)
            .BuildServiceProvider();

        var error = Assert.Throws<ObsConfigException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Equal("kafka.linger_ms", error.Key);
    }

    [Fact]
    public async Task TheRegistrationProvidesTheTransportWithTheProducerBatchProduceSelects()
    {
        await using var provider = new ServiceCollection().AddLogging().AddKafkaTransport(o => o.BatchProduce = false).BuildServiceProvider();

        var transport = Assert.IsType<KafkaMessageTransport>(provider.GetRequiredService<IMessageTransport>());
        Assert.IsType<KafkaMessageProducer>(transport.CreateProducer());
        await using var consumer = transport.CreateConsumer("group", "topic");
        Assert.IsType<KafkaMessageConsumer>(consumer);
    }

    [Theory]
    [InlineData(ErrorCode.MsgSizeTooLarge, false)]
    [InlineData(ErrorCode.TopicAuthorizationFailed, false)]
    [InlineData(ErrorCode.Local_MsgTimedOut, true)]
    [InlineData(ErrorCode.Local_AllBrokersDown, true)]
    [InlineData(ErrorCode.NotEnoughReplicas, true)]
    public void ErrorsAreClassified(ErrorCode code, bool transient)
    {
        Assert.Equal(transient, KafkaErrorClassifier.IsTransient(new Error(code)));
        Assert.True(!KafkaErrorClassifier.IsTransient(new Error(ErrorCode.Local_Fatal, "fatal", isFatal: true)));
    }
}
