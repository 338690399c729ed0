using System.Text;
using Observability.Core.Transport;

namespace Observability.Transport.Tests.Kafka;

internal static class KafkaTestMessages
{
    public static List<TransportMessage> Create(string topic, int count, int hosts = 3, int start = 0) =>
        Enumerable.Range(start, count)
            .Select(i => new TransportMessage(topic, $"host-{i % hosts}", Encoding.UTF8.GetBytes($"{{\"message\":\"line {i}\"}}")))
            .ToList();

    public static string Text(TransportMessage message) => Encoding.UTF8.GetString(message.Value.Span);

    /// <summary>The partition part of a Kafka <see cref="TransportMessage.Position"/> ("topic/partition@offset").</summary>
    public static int Partition(TransportMessage message)
    {
        var position = message.Position!;
        var slash = position.LastIndexOf('/');
        var at = position.LastIndexOf('@');
        return int.Parse(position.AsSpan(slash + 1, at - slash - 1), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static long Offset(TransportMessage message) =>
        long.Parse(message.Position!.AsSpan(message.Position!.LastIndexOf('@') + 1), System.Globalization.CultureInfo.InvariantCulture);
}
