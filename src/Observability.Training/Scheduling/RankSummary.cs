namespace Observability.Training.Scheduling;

/// <summary>What one rank measured over its last run: step-time percentiles, phase breakdown (ms per step), throughput.</summary>
public sealed class RankSummary
{
    public int Rank { get; set; }
    public int Attempt { get; set; }
    public string? WorkerId { get; set; }
    public long Steps { get; set; }
    public double StepP50Ms { get; set; }
    public double StepP95Ms { get; set; }
    public double DataMs { get; set; }
    public double ForwardMs { get; set; }
    public double BackwardMs { get; set; }
    public double CommunicationMs { get; set; }
    public double OptimizerMs { get; set; }
    public double SamplesPerSecond { get; set; }
    public double? FirstLoss { get; set; }
    public double? LastLoss { get; set; }
    public int? ExitCode { get; set; }

    /// <summary>Benchmark mode only: median step time of the steps run with instrumentation on, and off.</summary>
    public double? StepP50MsInstrumented { get; set; }

    public double? StepP50MsBare { get; set; }

    /// <summary>Benchmark mode only: mean time per instrumented step spent in instrumentation code itself.</summary>
    public double? InstrumentationMsPerStep { get; set; }

    /// <summary>
    /// Instrumented runs: step records the rank's telemetry ring dropped (full past its wait limit) or failed to write;
    /// 0 when every step reached the metrics, spans and step documents.
    /// </summary>
    public long? TelemetryLostRecords { get; set; }
}
