using System.Globalization;
using System.Text;
using Observability.Core.Transport;

namespace Observability.Reports.Scheduling;

/// <summary>
/// The report schedules' last handled fire times shared by every candidate of the reports' leader lease: the compacted
/// topic <see cref="Topics.ReportSchedules"/> (key = schedule name, value = the fire time, ISO 8601 UTC; Kafka keeps the
/// newest per key). A new leader loads it before it catches anything up, so a run the previous leader already sent is
/// not sent again (in particular when the lease comes back to a process whose own file is older). Load reads the topic
/// from its beginning with a consumer that never commits (the factory gives a fresh group) until it stays empty for
/// <see cref="ReplayIdle"/>; append produces with the transport's acknowledgement (acks=all on Kafka).
/// </summary>
public sealed class ReportScheduleLog(IMessageProducer producer, Func<IMessageConsumer> replayConsumer)
{
    public TimeSpan ReplayIdle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages that were not a fire time (written by something else), left out of the load.</summary>
    public int SkippedMessages { get; private set; }

    /// <summary>The latest fire time per schedule; a schedule's times only move forward, so the maximum wins over order.</summary>
    public async Task<Dictionary<string, DateTimeOffset>> LoadAsync(CancellationToken cancellationToken)
    {
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        await using var consumer = replayConsumer();
        await foreach (var m in consumer.ReplayAsync(ReplayIdle, cancellationToken).ConfigureAwait(false))
        {
            if (m.Key is null || !DateTimeOffset.TryParse(Encoding.UTF8.GetString(m.Value.Span), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var fire))
            {
                SkippedMessages++;
                continue;
            }

            if (!latest.TryGetValue(m.Key, out var known) || fire > known)
            {
                latest[m.Key] = fire.ToUniversalTime();
            }
        }

        return latest;
    }

    /// <summary>Records <paramref name="fire"/> for <paramref name="schedule"/>; completes once the transport acknowledged it.</summary>
    public Task AppendAsync(string schedule, DateTimeOffset fire, CancellationToken cancellationToken) =>
        producer.ProduceAsync(
            [new TransportMessage(Topics.ReportSchedules, schedule, Encoding.UTF8.GetBytes(fire.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)))],
            cancellationToken);
}
