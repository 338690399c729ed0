using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Observability.Core.Storage;
using Observability.Core.Transport;

namespace Observability.Indexer.Hosting;

/// <summary>Registration of the indexer (one <c>AddXxx()</c> per component).</summary>
public static class IndexerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IndexerService"/> as a singleton and a hosted service. It runs every
    /// <see cref="IDocumentProcessor"/> registered in the container, in registration order (the pipelines first, then the
    /// embedded detector), and needs a <see cref="TimeProvider"/> and logging there. Register it before the services that
    /// produce into its topics: hosted services start in registration order and stop in reverse, so the indexer drains last.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="options">Topics, batch sizes, retries; validated here.</param>
    /// <param name="consumer">The consumer of the indexer's topics (subscribe it before anything can produce).</param>
    /// <param name="writer">The store the batches go to.</param>
    /// <param name="deadLetters">Where documents the store or the pipelines refuse for good go, with the reason.</param>
    public static IServiceCollection AddIndexer(this IServiceCollection services, IndexerOptions options, Func<IServiceProvider, IMessageConsumer> consumer,
        Func<IServiceProvider, IDocumentWriter> writer, Func<IServiceProvider, IDeadLetterSink> deadLetters)
    {
        options.Validate();
        services.AddSingleton(sp => new IndexerService(consumer(sp), writer(sp), deadLetters(sp), sp.GetServices<IDocumentProcessor>(), options,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<IndexerService>>()));
        services.AddHostedService(sp => sp.GetRequiredService<IndexerService>());
        return services;
    }
}
