using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Observability.Agent.Files;
using Observability.Agent.Metrics;
using Observability.Core.Transport;

namespace Observability.Agent.Hosting;

/// <summary>
/// The node agent as hosted services, composed the same way by <c>obs agent</c> (Kafka behind a disk spool) and by
/// <c>obs up</c> (its transport): a <see cref="FileAgent"/> when the file inputs have a glob, a <see cref="MetricsAgent"/>
/// when metrics are on. Both are registered as singletons too, so a host can read their figures; they need a
/// <see cref="TimeProvider"/> and logging in the container.
/// </summary>
public static class AgentServiceCollectionExtensions
{
    /// <param name="services">The host's services.</param>
    /// <param name="files">The file inputs, or null (or no glob) for none.</param>
    /// <param name="metrics">The node and GPU metrics, or null for none.</param>
    /// <param name="producer">Where each agent sends its documents (called once per agent).</param>
    /// <param name="selfMetrics">Extra metric sources the metrics agent samples beside the node's (the process's own figures).</param>
    public static IServiceCollection AddAgent(this IServiceCollection services, FileInputOptions? files, MetricsOptions? metrics,
        Func<IServiceProvider, IMessageProducer> producer, Func<IServiceProvider, IEnumerable<IMetricSource>>? selfMetrics = null)
    {
        if (files is { HasInputs: true })
        {
            services.AddSingleton(sp => new FileAgent(files, producer(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<FileAgent>>()));
            // Not AddHostedService: it registers through TryAddEnumerable, which keeps one service per implementation type,
            // so the metrics agent's AgentHostedService would be dropped beside a file agent.
            services.AddSingleton<IHostedService>(sp => new AgentHostedService(sp.GetRequiredService<FileAgent>().RunAsync));
        }

        if (metrics is not null)
        {
            services.AddSingleton(sp => new MetricsAgent(metrics, producer(sp), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MetricsAgent>>(),
                selfMetrics?.Invoke(sp)));
            services.AddSingleton<IHostedService>(sp => new AgentHostedService(sp.GetRequiredService<MetricsAgent>().RunAsync));
        }

        return services;
    }
}
