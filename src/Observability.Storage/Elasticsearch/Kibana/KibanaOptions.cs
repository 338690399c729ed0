using Observability.Core.Options;

namespace Observability.Storage.Elasticsearch.Kibana;

/// <summary>Where Kibana is and how to authenticate (API key or user/password, by default the Elasticsearch ones).</summary>
public sealed class KibanaOptions
{
    public const string UrlVariable = "OBS_KIBANA_URL";
    public const string ApiKeyVariable = "OBS_KIBANA_API_KEY";

    public Uri? Url { get; set; }

    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>Kibana's space; empty is the default space.</summary>
    public string? Space { get; set; }

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Fills unset values from <c>OBS_KIBANA_*</c>, then from the Elasticsearch credentials.</summary>
    public KibanaOptions ApplyEnvironment(ElasticsearchOptions? es = null, Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        if (Url is null && getVariable(UrlVariable) is { Length: > 0 } url)
        {
            Url = Uri.TryCreate(url, UriKind.Absolute, out var u) ? u : throw new ObsConfigException(UrlVariable, $"'{url}' is not an absolute URL");
        }

        ApiKey ??= getVariable(ApiKeyVariable) is { Length: > 0 } k ? k : null;
        if (ApiKey is null && Username is null && es is not null)
        {
            ApiKey = es.ApiKey;
            Username = es.Username;
            Password = es.Password;
        }

        return this;
    }

    /// <summary>Set by <c>obs setup kibana</c>'s flags and <c>OBS_KIBANA_*</c>, not obs.yml: errors name the flag.</summary>
    public void Validate()
    {
        OptionsCheck.That(Url is not null, "--kibana", $"is required (--kibana or {UrlVariable})");
        OptionsCheck.That(Url!.Scheme is "http" or "https", "--kibana", $"must be an http or https URL, got {Url.Scheme}");
        OptionsCheck.That(string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password), ElasticsearchOptions.PasswordVariable, $"is required with the user name {Username}");
    }
}
