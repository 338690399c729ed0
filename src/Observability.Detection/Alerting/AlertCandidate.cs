namespace Observability.Detection.Alerting;

/// <summary>A condition that holds now: what a rule evaluation reports for one entity.</summary>
public sealed record AlertCandidate(LabelSet Labels, IReadOnlyDictionary<string, string> Annotations, double Score);
