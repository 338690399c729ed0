using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Observability.Transport.Kafka;

/// <summary>Routes librdkafka's own errors and log lines into the service log.</summary>
internal static class KafkaClientLog
{
    public static void OnError(ILogger logger, Error error)
    {
        // Broker-down and transport errors are expected during outages and retried by librdkafka.
        var level = error.IsFatal ? LogLevel.Critical : LogLevel.Warning;
        logger.Log(level, "Kafka client error {KafkaErrorCode}: {KafkaReason}", error.Code, error.Reason);
    }

    public static void OnLog(ILogger logger, LogMessage message)
    {
        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {KafkaClient} {KafkaFacility}: {KafkaMessage}", message.Name, message.Facility, message.Message);
    }
}
