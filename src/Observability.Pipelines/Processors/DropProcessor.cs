using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary><c>drop</c>: drops the event (use with <c>if:</c>). Dropped events are counted, never stored.</summary>
public sealed class DropProcessor : Processor
{
    public static Processor Create(ProcessorOptions o)
    {
        _ = o;
        return new DropProcessor();
    }

    public override StepResult Execute(EcsDocument document) => StepResult.Dropped;
}
