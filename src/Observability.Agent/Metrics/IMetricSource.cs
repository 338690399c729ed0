using Observability.Core.Documents;

namespace Observability.Agent.Metrics;

/// <summary>One metric set (cpu, memory, gpu, …): each call returns the documents of one sample.</summary>
public interface IMetricSource
{
    /// <summary>The metric set's <c>event.dataset</c>, e.g. <c>system.cpu</c>.</summary>
    string Dataset { get; }

    IReadOnlyList<EcsDocument> Collect(MetricDocumentFactory factory);
}
