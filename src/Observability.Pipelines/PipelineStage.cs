using Observability.Core.Storage;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Patterns;

namespace Observability.Pipelines;

/// <summary>
/// The indexer's processing stage, for callers without DI (<c>obs up</c>): the pipelines of
/// <see cref="PipelineRunnerOptions.Directory"/> then, when enabled, log-pattern mining.
/// Pass the result as the indexer's <c>processors</c>.
/// </summary>
public static class PipelineStage
{
    public static IReadOnlyList<IDocumentProcessor> Create(PipelineRunnerOptions options, TimeProvider? time = null)
    {
        options.Validate();
        var runner = PipelineRunner.Load(options, ProcessorContext.Default(time));
        return options.MinePatterns
            ? [runner, new LogPatternProcessor(new DrainOptions { Similarity = options.PatternSimilarity, MaxClusters = options.MaxPatterns })]
            : [runner];
    }
}
