using Confluent.Kafka;
using Observability.Core.Transport;

namespace Observability.Transport.Kafka;

/// <summary>
/// Says whether retrying can help with a Kafka error. librdkafka already retries retriable broker errors
/// until <c>message.timeout.ms</c>; what reaches us as transient is "the cluster was unavailable too long",
/// what is permanent is a property of the message or of the client's rights. A fatal error is permanent for its
/// librdkafka handle only: <see cref="KafkaMessageProducer"/> replaces the handle and fails the batches that were on
/// it as transient, so callers never see a fatal error as permanent.
/// </summary>
public static class KafkaErrorClassifier
{
    private static readonly HashSet<ErrorCode> Permanent =
    [
        ErrorCode.MsgSizeTooLarge,
        ErrorCode.InvalidMsg,
        ErrorCode.InvalidMsgSize,
        ErrorCode.InvalidRecord,
        ErrorCode.TopicException,
        ErrorCode.Local_InvalidArg,
        ErrorCode.InvalidRequiredAcks,
        ErrorCode.InvalidConfig,
        ErrorCode.UnsupportedVersion,
        ErrorCode.UnsupportedForMessageFormat,
        ErrorCode.TopicAuthorizationFailed,
        ErrorCode.GroupAuthorizationFailed,
        ErrorCode.ClusterAuthorizationFailed,
        ErrorCode.TransactionalIdAuthorizationFailed,
        ErrorCode.SaslAuthenticationFailed,
        ErrorCode.Local_Authentication,
        ErrorCode.Local_KeySerialization,
        ErrorCode.Local_ValueSerialization,
        ErrorCode.Local_Fatal,
        ErrorCode.Local_UnknownPartition,
    ];

    public static bool IsTransient(Error error) => !error.IsFatal && !Permanent.Contains(error.Code);

    public static TransportException ToTransportException(string context, Error error, Exception? inner = null) =>
        new($"{context}: {error.Code} ({error.Reason})", IsTransient(error), inner);
}
