namespace Observability.Benchmarks.Detection;

public sealed record NotificationDelayResult(int Injected, int Notified, double P50Ms, double P99Ms, double MaxMs, double EvaluationIntervalMs);
