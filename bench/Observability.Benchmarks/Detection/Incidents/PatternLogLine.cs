namespace Observability.Benchmarks.Detection.Incidents;

/// <summary>A generated log line: when, where, the text, and the incident it belongs to (−1 for background).</summary>
public readonly record struct PatternLogLine(DateTimeOffset At, string Host, string Job, string Message, int Incident);
