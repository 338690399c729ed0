using Observability.Detection.Alerting;

namespace Observability.Detection.Rules;

/// <summary>What one rule remembers about one entity: recent samples, the last time it was seen, its last state or score.</summary>
internal sealed class RuleState
{
    public RuleState(LabelSet entity) => Entity = entity;

    public LabelSet Entity { get; }

    public Queue<(DateTimeOffset At, double Value)> Samples { get; } = new();

    public DateTimeOffset LastSeen { get; set; }

    public string? LastText { get; set; }

    public double LastScore { get; set; }

    public string? Explanation { get; set; }

    public void Trim(DateTimeOffset cutoff, int maxSamples)
    {
        while (Samples.Count > 0 && (Samples.Peek().At < cutoff || Samples.Count > maxSamples))
        {
            Samples.Dequeue();
        }
    }
}
