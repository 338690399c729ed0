using Observability.Core.Transport;
using Observability.Testing.Kafka;
using Observability.Transport.Kafka.Leadership;

namespace Observability.Cli.Tests.Up;

/// <summary>
/// Every topic <c>obs up --kafka</c> uses, created as docs/kafka.md has an operator create them (a real cluster does not
/// auto-create, and the mock cannot through the admin API): the data and training topics with three partitions, and
/// <c>obs.leader</c>, where the detector, scheduler and reports roles wait for their leader lease, with one.
/// </summary>
internal static class UpKafkaTopics
{
    public static void Create(MockKafkaCluster kafka)
    {
        foreach (var topic in new[] { Topics.Logs, Topics.Metrics, Topics.Traces, Topics.Alerts, Topics.DeadLetter, Topics.TrainJobs, Topics.TrainAssignments, Topics.TrainHeartbeats, Topics.TrainEvents, Topics.ReportSchedules })
        {
            kafka.CreateTopic(topic, partitions: 3);
        }

        kafka.CreateTopic(KafkaLeaderLease.Topic, partitions: 1);
    }
}
