using Confluent.Kafka;
using Observability.Testing.Kafka;

namespace Observability.Transport.Tests.Kafka;

public sealed class MockKafkaClusterTests(MockKafkaCluster kafka) : IClassFixture<MockKafkaCluster>
{
    [Fact]
    public void TheFixtureIsBoundToTheLibrdkafkaConfluentLoaded()
    {
        Assert.True(File.Exists(kafka.LibrdkafkaPath), kafka.LibrdkafkaPath);
        Assert.Contains("librdkafka", Path.GetFileName(kafka.LibrdkafkaPath), StringComparison.Ordinal);
        Assert.Equal(kafka.BrokerCount, kafka.BootstrapServers.Split(',').Length);
    }

    [Fact]
    public void ATopicIsVisibleToClientsWithItsPartitions()
    {
        var topic = kafka.CreateUniqueTopic(partitions: 5);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();

        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(30));

        Assert.Equal(5, Assert.Single(metadata.Topics).Partitions.Count);
        Assert.Equal(kafka.BrokerCount, metadata.Brokers.Count);
    }

    [Fact]
    public void CreatingAnExistingTopicFailsClearly()
    {
        var topic = kafka.CreateUniqueTopic();

        var error = Assert.Throws<InvalidOperationException>(() => kafka.CreateTopic(topic));

        Assert.Contains("TopicAlreadyExists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBrokersAreRefused()
    {
        Assert.Throws<InvalidOperationException>(() => kafka.SetBrokerDown(kafka.BrokerCount + 7));
    }
}
