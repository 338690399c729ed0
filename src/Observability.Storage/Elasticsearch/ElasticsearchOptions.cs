using System.Globalization;
using Observability.Core.Options;

namespace Observability.Storage.Elasticsearch;

/// <summary>
/// Where and how to reach Elasticsearch, and how the bulk writer batches and retries. Credentials are
/// never printed: <see cref="ToString"/> redacts them and no log template includes them.
/// </summary>
public sealed class ElasticsearchOptions
{
    public const string UrlVariable = "OBS_ES_URL";
    public const string ApiKeyVariable = "OBS_ES_API_KEY";
    public const string UsernameVariable = "OBS_ES_USERNAME";
    public const string PasswordVariable = "OBS_ES_PASSWORD";
    public const string CaFingerprintVariable = "OBS_ES_CA_FINGERPRINT";
    public const string CaCertificateVariable = "OBS_ES_CA_CERT";

    /// <summary>The built-in superuser, whose password <see cref="SuperUserPasswordVariable"/> holds when OBS_ES_PASSWORD is empty.</summary>
    public const string SuperUser = "elastic";

    /// <summary>The Elasticsearch container's own variable for the superuser's password (docker-compose.yml passes it on).</summary>
    public const string SuperUserPasswordVariable = "ELASTIC_PASSWORD";

    /// <summary>One or more node URLs (<c>https://es1:9200</c>); requests rotate over them and fail over on connection errors.</summary>
    public IList<Uri> Urls { get; } = [];

    /// <summary>Encoded API key (the <c>encoded</c> value Elasticsearch returns), sent as <c>Authorization: ApiKey …</c>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the CA (or the node certificate) to trust, hex with or without colons, as Elasticsearch prints at first start.</summary>
    public string? CaFingerprint { get; set; }

    /// <summary>PEM file of the CA that signed the nodes' certificates (<c>config/certs/http_ca.crt</c>).</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Most documents in one <c>_bulk</c> request.</summary>
    public int MaxBatchDocuments { get; set; } = 1000;

    /// <summary>Most bytes of NDJSON in one <c>_bulk</c> request (Elasticsearch's own limit, <c>http.max_content_length</c>, is 100 MB).</summary>
    public int MaxBatchBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Largest single document accepted; larger ones are rejected (dead-lettered) rather than sent.</summary>
    public int MaxDocumentBytes { get; set; } = 1024 * 1024;

    /// <summary>Bulk requests in flight at once per writer.</summary>
    public int MaxConcurrentRequests { get; set; } = 2;

    /// <summary>Retries of 429/5xx items and failed requests before the batch fails (and the caller retries it, unacknowledged).</summary>
    public int MaxRetries { get; set; } = 5;

    /// <summary>Gzip the bulk request bodies (Elasticsearch decompresses <c>Content-Encoding: gzip</c> request bodies).</summary>
    public bool CompressRequests { get; set; } = true;

    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Datasets of <c>metrics-*</c> stored as time series data streams (TSDS). TSDS forbids a custom <c>_id</c>
    /// (Elasticsearch derives it from the dimensions and <c>@timestamp</c>), so the writer sends none for them.
    /// A trailing <c>*</c> matches a prefix.
    /// </summary>
    public IList<string> TimeSeriesDatasets { get; } = ["system.*", "gpu.device", "gpu.process"];

    /// <summary>Days a backing index is kept after rollover before ILM deletes it.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Rollover when the primary shard reaches this size or age.</summary>
    public string RolloverMaxPrimaryShardSize { get; set; } = "50gb";

    public string RolloverMaxAge { get; set; } = "1d";

    /// <summary>Days an <c>obs-alerts-NNNNNN</c> index is kept after rollover before ILM deletes it (policy <c>obs-alerts</c>).</summary>
    public int AlertRetentionDays { get; set; } = 90;

    /// <summary>
    /// Alerts are few: their index rolls over weekly (or at <see cref="RolloverMaxPrimaryShardSize"/>), so an alert
    /// document lives between <see cref="AlertRetentionDays"/> and that plus a week.
    /// </summary>
    public string AlertRolloverMaxAge { get; set; } = "7d";

    public bool HasCredentials => !string.IsNullOrEmpty(ApiKey) || !string.IsNullOrEmpty(Username);

    /// <summary>Options from the environment (<c>OBS_ES_URL</c> may hold several URLs separated by commas).</summary>
    public static ElasticsearchOptions FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var options = new ElasticsearchOptions();
        options.ApplyEnvironment(getVariable);
        return options;
    }

    /// <summary>Fills whatever is still unset from the environment; explicit values win.</summary>
    public ElasticsearchOptions ApplyEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (Urls.Count == 0)
        {
            AddUrls(getVariable(UrlVariable), UrlVariable);
        }

        ApiKey ??= NullIfEmpty(getVariable(ApiKeyVariable));
        // An API key wins: the user and password of the environment (Compose passes OBS_ES_USERNAME=elastic by default)
        // are then not read, rather than failing validation for having both.
        if (ApiKey is null)
        {
            Username ??= NullIfEmpty(getVariable(UsernameVariable));
            Password ??= NullIfEmpty(getVariable(PasswordVariable))
                ?? (Username == SuperUser ? NullIfEmpty(getVariable(SuperUserPasswordVariable)) : null);
        }

        CaFingerprint ??= NullIfEmpty(getVariable(CaFingerprintVariable));
        CaCertificatePath ??= NullIfEmpty(getVariable(CaCertificateVariable));
        return this;
    }

    /// <summary>
    /// Adds URLs from a comma-separated list; a malformed one fails naming <paramref name="key"/>, the flag or variable
    /// the list came from.
    /// </summary>
    public ElasticsearchOptions AddUrls(string? commaSeparated, string key = "--es")
    {
        foreach (var part in (commaSeparated ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            Urls.Add(Uri.TryCreate(part, UriKind.Absolute, out var uri) ? uri : throw new ObsConfigException(key, $"'{part}' is not an absolute URL"));
        }

        return this;
    }

    /// <summary>
    /// Fails fast at start-up naming the flag a value comes from (<c>--es</c>, <c>--retention-days</c>; the message adds
    /// its <c>OBS_ES_*</c> variable), or the property for those set in code only (<c>ElasticsearchOptions.MaxBatchBytes</c>).
    /// Messages never carry a credential.
    /// </summary>
    public void Validate()
    {
        OptionsCheck.That(Urls.Count > 0, "--es", $"is required: at least one Elasticsearch URL (--es or {UrlVariable})");
        foreach (var u in Urls)
        {
            OptionsCheck.That(u.Scheme is "http" or "https", "--es", $"'{u.GetLeftPart(UriPartial.Authority)}' must be http or https");
            OptionsCheck.That(string.IsNullOrEmpty(u.UserInfo), "--es", $"must not carry credentials: use --es-api-key or --es-user ({ApiKeyVariable}, {UsernameVariable}/{PasswordVariable})");
        }

        OptionsCheck.That(string.IsNullOrEmpty(ApiKey) || string.IsNullOrEmpty(Username), "--es-api-key", $"and --es-user are exclusive ({ApiKeyVariable}, {UsernameVariable})");
        OptionsCheck.That(string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password), PasswordVariable, $"is required with the user name {Username}");
        OptionsCheck.That(CaFingerprint is null || NormalizeFingerprint(CaFingerprint).Length == 64, "--es-ca-fingerprint",
            $"must be a SHA-256 fingerprint, 64 hex digits ({CaFingerprintVariable})");
        OptionsCheck.That(CaCertificatePath is null || File.Exists(CaCertificatePath), "--es-ca-cert", $"file '{CaCertificatePath}' not found ({CaCertificateVariable})");
        OptionsCheck.That(MaxBatchDocuments > 0, $"{nameof(ElasticsearchOptions)}.{nameof(MaxBatchDocuments)}", $"must be positive, got {MaxBatchDocuments}");
        OptionsCheck.That(MaxBatchBytes > 0, $"{nameof(ElasticsearchOptions)}.{nameof(MaxBatchBytes)}", $"must be positive, got {MaxBatchBytes}");
        OptionsCheck.That(MaxDocumentBytes > 0, $"{nameof(ElasticsearchOptions)}.{nameof(MaxDocumentBytes)}", $"must be positive, got {MaxDocumentBytes}");
        OptionsCheck.That(MaxConcurrentRequests > 0, $"{nameof(ElasticsearchOptions)}.{nameof(MaxConcurrentRequests)}", $"must be positive, got {MaxConcurrentRequests}");
        OptionsCheck.That(RetentionDays > 0, "--retention-days", $"must be positive, got {RetentionDays}");
        OptionsCheck.That(AlertRetentionDays > 0, "--alert-retention-days", $"must be positive, got {AlertRetentionDays}");
        OptionsCheck.That(MaxDocumentBytes <= MaxBatchBytes, $"{nameof(ElasticsearchOptions)}.{nameof(MaxDocumentBytes)}", $"may not exceed MaxBatchBytes ({MaxBatchBytes}), got {MaxDocumentBytes}");
        OptionsCheck.That(MaxRetries >= 0, $"{nameof(ElasticsearchOptions)}.{nameof(MaxRetries)}", $"must be 0 or more, got {MaxRetries}");
        OptionsCheck.That(InitialBackoff >= TimeSpan.Zero && MaxBackoff >= InitialBackoff, $"{nameof(ElasticsearchOptions)}.{nameof(MaxBackoff)}",
            $"must be at least InitialBackoff ({InitialBackoff}), and both non-negative, got {MaxBackoff}");
        OptionsCheck.That(RequestTimeout > TimeSpan.Zero, $"{nameof(ElasticsearchOptions)}.{nameof(RequestTimeout)}", $"must be positive, got {RequestTimeout}");
    }

    public bool IsTimeSeries(string type, string dataset)
    {
        if (type != Core.Documents.DataStream.Metrics)
        {
            return false;
        }

        foreach (var pattern in TimeSeriesDatasets)
        {
            if (pattern.EndsWith('*') ? dataset.StartsWith(pattern[..^1], StringComparison.Ordinal) : dataset == pattern)
            {
                return true;
            }
        }

        return false;
    }

    internal static string NormalizeFingerprint(string fp) =>
        fp.Replace(":", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

    /// <summary>Safe to log: URLs and the kind of credentials, never their values.</summary>
    public override string ToString()
    {
        var auth = !string.IsNullOrEmpty(ApiKey) ? "api-key" : !string.IsNullOrEmpty(Username) ? $"basic({Username})" : "none";
        return string.Create(CultureInfo.InvariantCulture,
            $"urls={string.Join(',', Urls.Select(u => u.GetLeftPart(UriPartial.Path)))} auth={auth} ca={(CaFingerprint is not null ? "fingerprint" : CaCertificatePath is not null ? "file" : "system")}");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
