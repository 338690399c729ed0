namespace Observability.Cli.Up;

/// <summary>What <c>obs up</c> was asked to run, from its command line.</summary>
public sealed class UpSettings
{
    public List<string> LogGlobs { get; init; } = [];

    public string DataDirectory { get; init; } = "data";

    /// <summary>When set, Kafka (these bootstrap servers) sits between the agent and the indexer.</summary>
    public string? KafkaBootstrap { get; init; }

    /// <summary>Full Kafka options (tests, embedding); wins over <see cref="KafkaBootstrap"/> and obs.yml's kafka section.</summary>
    public Observability.Transport.Kafka.KafkaOptions? Kafka { get; init; }

    /// <summary>
    /// <c>--es</c>: store into Elasticsearch at these URL(s) (comma-separated) instead of DuckDB. Credentials from
    /// <see cref="EsApiKey"/> or <c>OBS_ES_API_KEY</c> / <c>OBS_ES_USERNAME</c> + <c>OBS_ES_PASSWORD</c>.
    /// </summary>
    public string? EsUrl { get; init; }

    /// <summary><c>--es-api-key</c>; prefer <c>OBS_ES_API_KEY</c> (arguments show in ps).</summary>
    public string? EsApiKey { get; init; }

    /// <summary><c>--es-user</c>; the password only from <c>OBS_ES_PASSWORD</c>.</summary>
    public string? EsUser { get; init; }

    /// <summary><c>--es-ca-fingerprint</c> (else <c>OBS_ES_CA_FINGERPRINT</c>).</summary>
    public string? EsCaFingerprint { get; init; }

    /// <summary><c>--es-ca-cert</c> (else <c>OBS_ES_CA_CERT</c>).</summary>
    public string? EsCaCert { get; init; }

    public bool Demo { get; init; }

    /// <summary><c>--roles indexer,detector,scheduler,reports,api</c>: wins over obs.yml's <c>roles</c>; empty: all (see <see cref="UpRoles"/>).</summary>
    public List<string> Roles { get; init; } = [];

    /// <summary>Sample node and GPU metrics in process, as <c>obs agent</c> does (<c>--no-metrics</c> turns it off).</summary>
    public bool Metrics { get; init; } = true;

    /// <summary><c>--hostfs</c>: the host's root mounted into this container; wins over obs.yml's <c>agent.metrics.host_fs</c>.</summary>
    public string? HostFs { get; init; }

    /// <summary>
    /// The <c>pipelines/*.yml</c> directory the indexer runs. Null: <c>pipelines.directory</c> from obs.yml, else
    /// <c>$OBS_HOME/pipelines</c> (set by the <c>./obs</c> launcher), else <c>./pipelines</c>, if one exists. Empty: none.
    /// </summary>
    public string? PipelinesDirectory { get; init; }

    public string? ConfigFile { get; init; }

    /// <summary><c>--retention-max-age</c>: wins over obs.yml's <c>store.retention.max_age</c>.</summary>
    public string? RetentionMaxAge { get; init; }

    /// <summary><c>--retention-max-size</c>: wins over obs.yml's <c>store.retention.max_size</c>.</summary>
    public string? RetentionMaxSize { get; init; }

    /// <summary>Live status display: null decides by whether stdout is a terminal.</summary>
    public bool? Interactive { get; init; }

    /// <summary>How often the plain (non-terminal) status line is printed; zero for never.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lines per second the demo stream writes.</summary>
    public int DemoRate { get; init; } = 20;

    /// <summary>Console log level for the host's own messages; null picks Warning with a live display, else Information.</summary>
    public Serilog.Events.LogEventLevel? ConsoleLevel { get; init; }
}
