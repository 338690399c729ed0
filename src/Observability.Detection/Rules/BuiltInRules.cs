using Observability.Detection.Alerting;

namespace Observability.Detection.Rules;

/// <summary>
/// Rules that are always there (a rules file may replace one by using the same name): one alert per anomaly kind
/// of the training and GPU detectors, and the host-down absence rule that inhibits its GPUs' alerts.
/// </summary>
public static class BuiltInRules
{
    public const string Yaml =
        """
        rules:
          - name: HostDown
            type: absence
            filter: 'data_stream.type:metrics'
            by: [host.name]
            window: 3m
            labels: {severity: critical}
            annotations: {summary: "host {{host}} sent no metrics for 3 minutes"}
          - name: TrainingLossNonFinite
            type: anomaly
            detector: training
            kind: loss_nonfinite
            min_score: 50
            window: 10m
            labels: {severity: critical}
          - name: TrainingAnomaly
            type: anomaly
            detector: training
            min_score: 50
            window: 2m
            for: 1m
            labels: {severity: warning}
          - name: GpuHealth
            type: anomaly
            detector: gpu
            min_score: 50
            window: 2m
            for: 1m
            labels: {severity: warning}
          - name: MultivariateAnomaly
            type: anomaly
            detector: pca
            min_score: 95
            window: 1m
            for: 2m
            labels: {severity: info}
          - name: JobFailed
            type: job_state
            by: [training.job.id]
            states: [failed, stalled]
            window: 1h
            labels: {severity: warning}
        """;

    public static IReadOnlyList<CompiledRule> Load(IAlertQueryCompiler kql) => RuleLoader.Load(Yaml, kql, "built-in rules");
}
