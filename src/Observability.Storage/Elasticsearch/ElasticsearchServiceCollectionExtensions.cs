using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Core.Storage;
using Observability.Storage.Abstractions;

namespace Observability.Storage.Elasticsearch;

/// <summary>One-line registration of the Elasticsearch store as the stack's <see cref="IDocumentWriter"/> and <see cref="ISearchStore"/>.</summary>
public static class ElasticsearchServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ElasticsearchStore"/>, its writer as <see cref="IDocumentWriter"/> and its search as
    /// <see cref="ISearchStore"/>. <paramref name="configure"/> sets options (e.g. from <c>--es</c>); anything left
    /// unset comes from <c>OBS_ES_*</c>.
    /// </summary>
    public static IServiceCollection AddElasticsearchStore(this IServiceCollection services, Action<ElasticsearchOptions>? configure = null)
    {
        services.AddSingleton(sp =>
        {
            var options = new ElasticsearchOptions();
            configure?.Invoke(options);
            return ElasticsearchStore.Create(options, sp.GetService<TimeProvider>(), sp.GetService<ILoggerFactory>());
        });
        services.AddSingleton<IDocumentWriter>(sp => sp.GetRequiredService<ElasticsearchStore>().Writer);
        services.AddSingleton<ISearchStore>(sp => sp.GetRequiredService<ElasticsearchStore>().Search);
        return services;
    }
}
