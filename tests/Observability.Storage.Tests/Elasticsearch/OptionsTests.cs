using Observability.Core.Options;
using Observability.Storage.Elasticsearch;

namespace Observability.Storage.Tests.Elasticsearch;

public sealed class OptionsTests
{
    private static ElasticsearchOptions Valid()
    {
        var o = new ElasticsearchOptions();
        o.Urls.Add(new Uri("https://es1:9200"));
        return o;
    }

    [Theory]
    [InlineData("Urls", "--es")]
    [InlineData("ApiKey", "--es-api-key")]
    [InlineData("Password", ElasticsearchOptions.PasswordVariable)]
    [InlineData("CaFingerprint", "--es-ca-fingerprint")]
    [InlineData("MaxBatchBytes", "ElasticsearchOptions.MaxBatchBytes")]
    [InlineData("MaxBackoff", "ElasticsearchOptions.MaxBackoff")]
    [InlineData("RetentionDays", "--retention-days")]
    [InlineData("AlertRetentionDays", "--alert-retention-days")]
    public void Validate_names_the_flag_or_variable_at_fault(string property, string key)
    {
        var o = property == "Urls" ? new ElasticsearchOptions() : Valid();
        switch (property)
        {
            case "ApiKey": o.ApiKey = "k"; o.Username = "u"; o.Password = "p"; break;
            case "Password": o.Username = "u"; break;
            case "CaFingerprint": o.CaFingerprint = "AB:CD"; break;
            case "MaxBatchBytes": o.MaxBatchBytes = 0; break;
            case "MaxBackoff": o.MaxBackoff = TimeSpan.Zero; break;
            case "RetentionDays": o.RetentionDays = 0; break;
            case "AlertRetentionDays": o.AlertRetentionDays = 0; break;
        }

        var e = Assert.Throws<ObsConfigException>(o.Validate);
        Assert.Equal(key, e.Key);
        Assert.StartsWith(key + " ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_url_names_where_it_came_from()
    {
        Assert.Equal("--es", Assert.Throws<ObsConfigException>(() => new ElasticsearchOptions().AddUrls("http://es1:9200, not a url")).Key);
        var e = Assert.Throws<ObsConfigException>(() => ElasticsearchOptions.FromEnvironment(k => k == ElasticsearchOptions.UrlVariable ? "not a url" : null));
        Assert.Equal(ElasticsearchOptions.UrlVariable, e.Key);
    }

    [Fact]
    public void Environment_fills_what_is_unset_and_secrets_never_reach_ToString()
    {
        var env = new Dictionary<string, string>
        {
            ["OBS_ES_URL"] = "https://es1:9200, https://es2:9200",
            ["OBS_ES_API_KEY"] = "c2VjcmV0LWFwaS1rZXk=",
            ["OBS_ES_CA_FINGERPRINT"] = new string('a', 64),
        };
        var o = ElasticsearchOptions.FromEnvironment(k => env.GetValueOrDefault(k));

        o.Validate();
        Assert.Equal(2, o.Urls.Count);
        Assert.Equal("c2VjcmV0LWFwaS1rZXk=", o.ApiKey);
        Assert.DoesNotContain("c2VjcmV0", o.ToString(), StringComparison.Ordinal);
        Assert.Contains("auth=api-key", o.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Credentials_in_the_url_are_refused()
    {
        var o = new ElasticsearchOptions();
        o.Urls.Add(new Uri("https://elastic:hunter2@es1:9200"));
        var e = Assert.Throws<ObsConfigException>(o.Validate);
        Assert.Equal("--es", e.Key);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("system.cpu", true)]
    [InlineData("gpu.device", true)]
    [InlineData("gpu.xid", false)]
    [InlineData("training", false)]
    public void Time_series_datasets_are_the_node_and_gpu_metrics(string dataset, bool tsds)
    {
        Assert.Equal(tsds, Valid().IsTimeSeries("metrics", dataset));
        Assert.False(Valid().IsTimeSeries("logs", dataset));
    }

    [Fact]
    public async Task AddElasticsearchStore_registers_one_store_as_writer_and_search()
    {
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddElasticsearchStore(o => o.AddUrls("http://127.0.0.1:9200"));
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);

        var store = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ElasticsearchStore>(provider);
        Assert.Same(store.Writer, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Observability.Core.Storage.IDocumentWriter>(provider));
        Assert.Same(store.Search, Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Observability.Storage.Abstractions.ISearchStore>(provider));
        Assert.Equal("http://127.0.0.1:9200/", Assert.Single(store.Options.Urls).ToString());
    }
}
