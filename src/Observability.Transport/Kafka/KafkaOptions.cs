using System.Text;
using Confluent.Kafka;
using Observability.Core.Options;

namespace Observability.Transport.Kafka;

/// <summary>
/// Connection, security and tuning settings for the Kafka transport (configuration section <c>Kafka</c>).
/// Secrets (<see cref="SaslPassword"/>, <see cref="SslKeyPassword"/>, secret-looking <see cref="Extra"/>
/// values) never appear in <see cref="ToString"/> or in logs. See docs/kafka.md.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>2 MiB + 64 KiB: see <see cref="MaxMessageBytes"/>.</summary>
    public const int DefaultMaxMessageBytes = (2 * 1024 * 1024) + (64 * 1024);

    /// <summary>Comma-separated <c>host:port</c> list.</summary>
    public string BootstrapServers { get; set; } = "127.0.0.1:9092";

    public string ClientId { get; set; } = "obs";

    public SecurityProtocol SecurityProtocol { get; set; } = SecurityProtocol.Plaintext;

    /// <summary>Required when <see cref="SecurityProtocol"/> is SASL_*.</summary>
    public SaslMechanism? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    public string? SaslPassword { get; set; }

    /// <summary>CA bundle (PEM) used to verify the brokers; the system store when unset.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Client certificate (PEM) for mutual TLS.</summary>
    public string? SslCertificateLocation { get; set; }

    /// <summary>Client private key (PEM) for mutual TLS.</summary>
    public string? SslKeyLocation { get; set; }

    public string? SslKeyPassword { get; set; }

    public CompressionType Compression { get; set; } = CompressionType.Lz4;

    /// <summary>How long the producer waits to fill a batch (librdkafka <c>linger.ms</c>).</summary>
    public double LingerMs { get; set; } = 5;

    /// <summary>Maximum bytes of one produce batch per partition (librdkafka <c>batch.size</c>).</summary>
    public int BatchSizeBytes { get; set; } = 1_000_000;

    /// <summary>
    /// Largest message the producer accepts (librdkafka <c>message.max.bytes</c>; its own default, 1,000,000, is below
    /// the agent's 1 MiB event plus its JSON envelope). The default holds a 1 MiB line even when escaping doubles it,
    /// plus the envelope. A real cluster must allow as much: the topic's <c>max.message.bytes</c> (see docs/kafka.md).
    /// </summary>
    public int MaxMessageBytes { get; set; } = DefaultMaxMessageBytes;

    /// <summary>How long librdkafka keeps retrying a message before its delivery fails (<c>message.timeout.ms</c>).</summary>
    public int MessageTimeoutMs { get; set; } = 300_000;

    /// <summary>How long disposing a producer waits for in-flight messages.</summary>
    public int FlushTimeoutMs { get; set; } = 30_000;

    /// <summary>
    /// Producers built by <see cref="KafkaProducerFactory"/> (the agent's) use <see cref="KafkaBatchProducer"/>, librdkafka
    /// called directly (about half the CPU per message of Confluent.Kafka's per-message API), instead of
    /// <see cref="KafkaMessageProducer"/>. Same settings and guarantees; needs Linux (falls back elsewhere).
    /// </summary>
    public bool BatchProduce { get; set; } = true;

    /// <summary>Where a consumer group without a committed offset starts: earliest loses nothing.</summary>
    public AutoOffsetReset AutoOffsetReset { get; set; } = AutoOffsetReset.Earliest;

    public int SessionTimeoutMs { get; set; } = 45_000;

    /// <summary>How often stored (acknowledged) offsets are committed.</summary>
    public int AutoCommitIntervalMs { get; set; } = 1_000;

    /// <summary>Any other librdkafka setting, passed as is (e.g. <c>socket.keepalive.enable</c>).</summary>
    public Dictionary<string, string> Extra { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Settings the transport's delivery guarantees depend on; <see cref="Extra"/> may not override them.</summary>
    internal static readonly IReadOnlySet<string> ProtectedKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "enable.idempotence", "acks", "enable.auto.offset.store", "enable.auto.commit", "max.in.flight.requests.per.connection",
    };

    /// <summary>
    /// Fails fast at start-up: throws <see cref="ObsConfigException"/> naming the first bad key as written in obs.yml
    /// (<c>kafka.bootstrap_servers</c>; <c>obs agent</c>'s <c>--kafka*</c> flags set the same keys).
    /// </summary>
    public void Validate()
    {
        const string p = "kafka";
        ValidateBootstrapServers(BootstrapServers);
        OptionsCheck.NotEmpty($"{p}.client_id", ClientId);
        OptionsCheck.That(Enum.IsDefined(SecurityProtocol), $"{p}.security_protocol", $"'{SecurityProtocol}' is not one of Plaintext, Ssl, SaslPlaintext, SaslSsl");
        if (SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl)
        {
            OptionsCheck.That(SaslMechanism is not null, $"{p}.sasl_mechanism", $"is required when security_protocol is {SecurityProtocol}");
            if (SaslMechanism is Confluent.Kafka.SaslMechanism.Plain or Confluent.Kafka.SaslMechanism.ScramSha256 or Confluent.Kafka.SaslMechanism.ScramSha512)
            {
                OptionsCheck.That(!string.IsNullOrEmpty(SaslUsername), $"{p}.sasl_username", $"is required for SASL mechanism {SaslMechanism}");
                OptionsCheck.That(!string.IsNullOrEmpty(SaslPassword), $"{p}.sasl_password", $"is required for SASL mechanism {SaslMechanism}");
            }
        }

        OptionsCheck.That(SslCertificateLocation is null == SslKeyLocation is null, SslCertificateLocation is null ? $"{p}.ssl_certificate_location" : $"{p}.ssl_key_location",
            "must be set together with the other one for mutual TLS");
        foreach (var (key, path) in new[] { ("ssl_ca_location", SslCaLocation), ("ssl_certificate_location", SslCertificateLocation), ("ssl_key_location", SslKeyLocation) })
        {
            OptionsCheck.That(path is null || File.Exists(path), $"{p}.{key}", $"file '{path}' does not exist");
        }

        OptionsCheck.That(Enum.IsDefined(Compression), $"{p}.compression", $"'{Compression}' is not one of None, Gzip, Snappy, Lz4, Zstd");
        CheckRange($"{p}.linger_ms", LingerMs, 0, 900_000);
        CheckRange($"{p}.batch_size_bytes", BatchSizeBytes, 1, 2_147_483_647);
        // librdkafka's own bounds for message.max.bytes.
        CheckRange($"{p}.max_message_bytes", MaxMessageBytes, 1000, 1_000_000_000);
        CheckRange($"{p}.message_timeout_ms", MessageTimeoutMs, 1, 2_147_483_647);
        CheckRange($"{p}.flush_timeout_ms", FlushTimeoutMs, 0, 3_600_000);
        CheckRange($"{p}.session_timeout_ms", SessionTimeoutMs, 1, 3_600_000);
        CheckRange($"{p}.auto_commit_interval_ms", AutoCommitIntervalMs, 1, 86_400_000);

        foreach (var key in Extra.Keys)
        {
            OptionsCheck.That(!string.IsNullOrWhiteSpace(key), $"{p}.extra", "has an empty key");
            OptionsCheck.That(!ProtectedKeys.Contains(key), $"{p}.extra.{key}", "may not be overridden: the transport's delivery guarantees depend on it");
        }
    }

    /// <summary>A loggable description with every secret redacted.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Kafka { BootstrapServers = ").Append(BootstrapServers)
            .Append(", ClientId = ").Append(ClientId)
            .Append(", SecurityProtocol = ").Append(SecurityProtocol);
        if (SaslMechanism is not null)
        {
            text.Append(", SaslMechanism = ").Append(SaslMechanism)
                .Append(", SaslUsername = ").Append(SaslUsername)
                .Append(", SaslPassword = ").Append(Redact(SaslPassword));
        }

        if (SslCaLocation is not null)
        {
            text.Append(", SslCaLocation = ").Append(SslCaLocation);
        }

        if (SslCertificateLocation is not null)
        {
            text.Append(", SslCertificateLocation = ").Append(SslCertificateLocation)
                .Append(", SslKeyLocation = ").Append(SslKeyLocation)
                .Append(", SslKeyPassword = ").Append(Redact(SslKeyPassword));
        }

        text.Append(", Compression = ").Append(Compression)
            .Append(", LingerMs = ").Append(LingerMs)
            .Append(", BatchSizeBytes = ").Append(BatchSizeBytes)
            .Append(", MaxMessageBytes = ").Append(MaxMessageBytes)
            .Append(", BatchProduce = ").Append(BatchProduce);
        foreach (var (key, value) in Extra)
        {
            text.Append(", ").Append(key).Append(" = ").Append(IsSecretKey(key) ? Redact(value) : value);
        }

        return text.Append(" }").ToString();
    }

    internal static bool IsSecretKey(string key) =>
        key.Contains("password", StringComparison.OrdinalIgnoreCase)
        || key.Contains("secret", StringComparison.OrdinalIgnoreCase)
        || key.Contains("token", StringComparison.OrdinalIgnoreCase)
        || key.Contains("key.pem", StringComparison.OrdinalIgnoreCase)
        || key.Contains("jaas", StringComparison.OrdinalIgnoreCase);

    private static string Redact(string? secret) => string.IsNullOrEmpty(secret) ? "(unset)" : "***";

    private static void CheckRange(string key, double value, double min, double max) =>
        OptionsCheck.That(!double.IsNaN(value) && value >= min && value <= max, key, $"must be between {min} and {max} (was {value})");

    private static void ValidateBootstrapServers(string? servers)
    {
        const string key = "kafka.bootstrap_servers";
        OptionsCheck.That(!string.IsNullOrWhiteSpace(servers), key, "must list at least one host:port");
        foreach (var entry in servers!.Split(',', StringSplitOptions.TrimEntries))
        {
            var address = entry.Contains("://", StringComparison.Ordinal) ? entry[(entry.IndexOf("://", StringComparison.Ordinal) + 3)..] : entry;
            var colon = address.LastIndexOf(':');
            OptionsCheck.That(colon > 0 && int.TryParse(address.AsSpan(colon + 1), out var port) && port is >= 1 and <= 65535, key, $"entry '{entry}' is not host:port");
        }
    }
}
