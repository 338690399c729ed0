using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
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
    [InlineData("", "Kafka:BootstrapServers")]
    [InlineData("broker-without-port", "Kafka:BootstrapServers")]
    [InlineData("host:99999", "Kafka:BootstrapServers")]
    public void ABadBootstrapListIsNamed(string servers, string key)
    {
        var error = Assert.Throws<OptionsValidationException>(() => new KafkaOptions { BootstrapServers = servers }.Validate());

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaslWithoutCredentialsNamesEachMissingKey()
    {
        var options = new KafkaOptions { SecurityProtocol = SecurityProtocol.SaslSsl, SaslMechanism = SaslMechanism.ScramSha512 };

        var errors = options.GetErrors();

        Assert.Contains(errors, e => e.StartsWith("Kafka:SaslUsername ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:SaslPassword ", StringComparison.Ordinal));
        Assert.Contains("Kafka:SaslMechanism", Assert.Single(new KafkaOptions { SecurityProtocol = SecurityProtocol.SaslPlaintext }.GetErrors()), StringComparison.Ordinal);
    }

    [Fact]
    public void MissingTlsFilesAndHalfAClientCertificateAreNamed()
    {
        var options = new KafkaOptions { SecurityProtocol = SecurityProtocol.Ssl, SslCaLocation = "/nonexistent/ca.pem", SslCertificateLocation = "/nonexistent/client.pem" };

        var errors = options.GetErrors();

        Assert.Contains(errors, e => e.StartsWith("Kafka:SslCaLocation ", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Kafka:SslKeyLocation ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(nameof(KafkaOptions.LingerMs))]
    [InlineData(nameof(KafkaOptions.BatchSizeBytes))]
    [InlineData(nameof(KafkaOptions.MessageTimeoutMs))]
    [InlineData(nameof(KafkaOptions.MaxMessageBytes))]
    [InlineData(nameof(KafkaOptions.ClientId))]
    public void OutOfRangeTuningIsNamed(string key)
    {
        var options = new KafkaOptions();
        switch (key)
        {
            case nameof(KafkaOptions.LingerMs): options.LingerMs = -1; break;
            case nameof(KafkaOptions.BatchSizeBytes): options.BatchSizeBytes = 0; break;
            case nameof(KafkaOptions.MessageTimeoutMs): options.MessageTimeoutMs = 0; break;
            case nameof(KafkaOptions.MaxMessageBytes): options.MaxMessageBytes = 999; break;
            default: options.ClientId = " "; break;
        }

        Assert.StartsWith($"Kafka:{key} ", Assert.Single(options.GetErrors()), StringComparison.Ordinal);
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

        Assert.StartsWith($"Kafka:Extra:{key} ", Assert.Single(options.GetErrors()), StringComparison.Ordinal);
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

        Assert.Throws<OptionsValidationException>(() => new KafkaMessageProducer(options));
        Assert.Throws<OptionsValidationException>(() => new KafkaMessageConsumer(options, "group", ["topic"]));
    }

    [Fact]
    public void TheRegistrationFailsAtStartUpNamingTheKey()
    {
        using var provider = new ServiceCollection()
            .AddLogging()
            .AddKafkaTransport(o => o.LingerMs = -5)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<KafkaOptions>>().Value);
        Assert.Contains("Kafka:LingerMs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRegistrationProvidesAProducerAndAConsumerFactory()
    {
        await using var provider = new ServiceCollection().AddLogging().AddKafkaTransport().BuildServiceProvider();

        Assert.IsType<KafkaMessageProducer>(provider.GetRequiredService<IMessageProducer>());
        Assert.NotNull(provider.GetRequiredService<KafkaConsumerFactory>());
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
