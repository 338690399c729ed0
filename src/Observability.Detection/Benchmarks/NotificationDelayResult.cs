namespace Observability.Detection.Benchmarks;

public sealed record NotificationDelayResult(int Injected, int Notified, double P50Ms, double P99Ms, double MaxMs, double EvaluationIntervalMs);
