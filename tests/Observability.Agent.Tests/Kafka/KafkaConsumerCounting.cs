using System.Text.Json;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka;

namespace Observability.Agent.Tests.Kafka;

/// <summary>Reads a topic back from the mock cluster and counts what arrived, by event id (duplicates removed as the store would).</summary>
internal static class KafkaConsumerCounting
{
    public static async Task<(Dictionary<string, string> ById, int Total)> ReadDistinctAsync(MockKafkaCluster kafka, string topic, int expected, TimeSpan timeout)
    {
        var byId = new Dictionary<string, string>(StringComparer.Ordinal);
        var total = 0;
        await using var consumer = new KafkaMessageConsumer(kafka.CreateOptions("count"), MockKafkaCluster.UniqueName("count"), [topic]);
        var deadline = DateTime.UtcNow + timeout;
        while (byId.Count < expected && DateTime.UtcNow < deadline)
        {
            var batch = await consumer.ReceiveAsync(5000, TimeSpan.FromMilliseconds(500), CancellationToken.None);
            foreach (var m in batch.Messages)
            {
                using var doc = JsonDocument.Parse(m.Value);
                var id = doc.RootElement.GetProperty("event").GetProperty("id").GetString()!;
                byId[id] = doc.RootElement.GetProperty("message").GetString()!;
                total++;
            }

            batch.Acknowledge();
        }

        return (byId, total);
    }
}
