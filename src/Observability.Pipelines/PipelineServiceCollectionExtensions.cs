using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Storage;

namespace Observability.Pipelines;

/// <summary>Registration of the pipeline stage (STYLE.md #3: one <c>AddXxx()</c> per component).</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Registers the pipelines and the log-pattern miner as <see cref="IDocumentProcessor"/>s, in the order the
    /// indexer runs them. The pipeline files are loaded and compiled when first resolved; a bad file fails
    /// start-up with its file, line and key.
    /// </summary>
    public static IServiceCollection AddPipelines(this IServiceCollection services, Action<PipelineRunnerOptions>? configure = null)
    {
        var options = new PipelineRunnerOptions();
        configure?.Invoke(options);
        return services.AddPipelines(options);
    }

    /// <summary>As <see cref="AddPipelines(IServiceCollection, Action{PipelineRunnerOptions}?)"/>, with options bound already (obs.yml's <c>pipelines</c>).</summary>
    public static IServiceCollection AddPipelines(this IServiceCollection services, PipelineRunnerOptions options)
    {
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(sp => PipelineStage.Create(options, sp.GetService<TimeProvider>()));
        services.AddSingleton<IDocumentProcessor>(sp => sp.GetRequiredService<IReadOnlyList<IDocumentProcessor>>()[0]);
        if (options.MinePatterns)
        {
            services.AddSingleton<IDocumentProcessor>(sp => sp.GetRequiredService<IReadOnlyList<IDocumentProcessor>>()[1]);
        }

        return services;
    }
}
