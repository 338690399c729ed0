using Observability.Core.Transport;
using Observability.Training.Protocol;
using Observability.Training.Scheduling;

namespace Observability.Training.Persistence;

/// <summary>
/// Distributed-mode event log on the compacted topic <c>train.events</c> (key = job id, value = the job's latest
/// snapshot; Kafka keeps the newest value per key). Load reads the topic from its beginning with a consumer that
/// never commits (the factory must give a fresh group, <c>auto.offset.reset=earliest</c>) until it stays empty for
/// <see cref="ReplayIdle"/>; append produces with acks=all and returns once the broker confirmed.
/// </summary>
public sealed class TransportJobEventLog(IMessageProducer producer, Func<IMessageConsumer> replayConsumer) : IJobEventLog
{
    public TimeSpan ReplayIdle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The log of scheduler <paramref name="schedulerId"/> on <paramref name="transport"/> (Kafka): each load replays
    /// train.events in a fresh consumer group <c>&lt;schedulerId&gt;-replay-&lt;guid&gt;</c>.
    /// </summary>
    public static TransportJobEventLog On(IMessageTransport transport, string schedulerId) =>
        new(transport.CreateProducer(), () => transport.CreateConsumer($"{schedulerId}-replay-{Guid.NewGuid():N}", Topics.TrainEvents));

    public async Task<IReadOnlyList<JobRecord>> LoadAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, JobRecord>(StringComparer.Ordinal);
        await using var consumer = replayConsumer();
        await foreach (var m in consumer.ReplayAsync(ReplayIdle, cancellationToken))
        {
            if (m.Value.Length == 0)
            {
                if (m.Key is not null)
                {
                    latest.Remove(m.Key); // a tombstone: the job was forgotten
                }

                continue;
            }

            try
            {
                var r = TrainJson.Deserialize<JobRecord>(m.Value.Span);
                latest[r.JobId] = r;
            }
            catch (System.Text.Json.JsonException)
            {
                SkippedMessages++;
            }
        }

        return latest.Values.OrderBy(r => r.SubmittedAt).ToList();
    }

    public int SkippedMessages { get; private set; }

    public Task AppendAsync(IReadOnlyList<JobRecord> records, CancellationToken cancellationToken) =>
        records.Count == 0
            ? Task.CompletedTask
            : producer.ProduceAsync(records.Select(r => new TransportMessage(Topics.TrainEvents, r.JobId, TrainJson.Serialize(r), r.TraceParent)).ToList(), cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
