using Observability.Detection.Alerting;

namespace Observability.Detection.Rules;

/// <summary>
/// Rules that are always there (a rules file may replace one by using the same name): one alert per anomaly kind
/// of the training and GPU detectors, bursts of new or rare log patterns, and the host-down absence rule that inhibits its GPUs' alerts.
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
          # Bursts of a new or rare log pattern on one host/job (the pattern-rate detector): error-level patterns (by
          # log.level, or error words in the template when there is no level) page as warnings, the others are info.
          - name: LogErrorPatternBurst
            type: anomaly
            detector: pattern
            kind: error_pattern_burst
            min_score: 99
            window: 10m
            labels: {severity: warning}
          - name: LogPatternBurst
            type: anomaly
            detector: pattern
            kind: pattern_burst
            min_score: 99
            window: 10m
            labels: {severity: info}
          # XIDs of failing hardware or driver state, not an application's bug (13, 31, 43 … are left out): double-bit
          # ECC (48), row remapping (63, 64), NVLink (74), fallen off the bus (79), high single-bit ECC rate (92),
          # contained/uncontained ECC (94, 95), GSP (119, 120), unrecovered ECC (140); from the kernel pipeline
          # (gpu.error.xid), the agent's NVML event set (gpu.xid.code), or an "NVRM: Xid" line no pipeline took apart
          # (its code is unknown, so it counts).
          - name: GpuXidError
            type: log_query
            query: >-
              gpu.error.xid: (48 or 63 or 64 or 74 or 79 or 92 or 94 or 95 or 119 or 120 or 140)
              or gpu.xid.code: (48 or 63 or 64 or 74 or 79 or 92 or 94 or 95 or 119 or 120 or 140)
              or (not gpu.error.xid: * and message: "NVRM: Xid")
            window: 10m
            op: ">="
            value: 1
            by: [host.name]
            labels: {severity: critical, team: infra}
            annotations:
              summary: "{{value}} NVIDIA XID hardware/driver errors on {{host}} in 10 minutes"
              description: "An XID of this kind usually needs the node drained: check nvidia-smi -q and the kernel log"
          - name: JobFailed
            type: job_state
            by: [training.job.id]
            states: [failed, stalled]
            window: 1h
            labels: {severity: warning}
        """;

    public static IReadOnlyList<CompiledRule> Load(IAlertQueryCompiler kql) => RuleLoader.Load(Yaml, kql, "built-in rules");
}
