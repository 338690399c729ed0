using Microsoft.Extensions.DependencyInjection;

namespace Observability.Cli.Up;

/// <summary>
/// ===== THE PLACE FOR AREA SERVICES IN <c>obs up</c> =====
/// Each area adds its hosted services here with one line, e.g.
/// <c>services.AddHostedService(sp => new DetectorService(context.Transport.CreateConsumer("obs-detector", Topics.Metrics), …));</c>
/// They start after the store, the query API and the indexer (so their consumers and producers have someone to
/// talk to) and before the agent; on stop they stop after the agent and before the indexer drains. Use
/// <see cref="UpContext"/> for the transport (a consumer group of your own sees every message), the store and search.
/// </summary>
internal static class UpAreaServices
{
    public static void Add(IServiceCollection services, UpContext context)
    {
        _ = services;
        _ = context;
        // detection: (one line here)
        // training scheduler: (one line here)
        // reports: (one line here)
    }
}
