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

    /// <summary>
    /// True for librdkafka's report that a consumer's position was no longer on the broker (deleted by retention, or
    /// the log truncated) and was reset: the messages in between were never consumed.
    /// </summary>
    private static bool IsOffsetResetAfterError(LogMessage message) =>
        message.Facility == "OFFSET" && message.Level <= SyslogLevel.Warning
        && message.Message.Contains("offset reset", StringComparison.OrdinalIgnoreCase);

    /// <summary>Logs one librdkafka line; returns true when it reported an offset reset after an error (see above).</summary>
    public static bool OnLog(ILogger logger, LogMessage message)
    {
        if (IsOffsetResetAfterError(message))
        {
            logger.LogError(
                "Kafka consumer {KafkaClient} skipped messages the brokers no longer hold (retention or truncation ran ahead of it; they were never stored): {KafkaMessage}",
                message.Name, message.Message);
            return true;
        }

        var level = message.Level switch
        {
            SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
            SyslogLevel.Error => LogLevel.Error,
            SyslogLevel.Warning => LogLevel.Warning,
            SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
            _ => LogLevel.Debug,
        };
        logger.Log(level, "librdkafka {KafkaClient} {KafkaFacility}: {KafkaMessage}", message.Name, message.Facility, message.Message);
        return false;
    }
}
