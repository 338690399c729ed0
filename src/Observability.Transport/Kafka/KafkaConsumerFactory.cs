using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Observability.Transport.Kafka;

/// <summary>Creates consumers on the configured cluster; each service picks its own group and topics.</summary>
public sealed class KafkaConsumerFactory
{
    private readonly KafkaOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly TimeProvider _time;

    public KafkaConsumerFactory(IOptions<KafkaOptions> options, ILoggerFactory? loggers = null, TimeProvider? timeProvider = null)
    {
        _options = options.Value;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    public KafkaMessageConsumer Create(string groupId, params IEnumerable<string> topics) =>
        new(_options, groupId, topics, _loggers.CreateLogger<KafkaMessageConsumer>(), _time);
}
