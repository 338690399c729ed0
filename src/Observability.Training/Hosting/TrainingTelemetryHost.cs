using Microsoft.Extensions.Hosting;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Transport;
using Observability.Training.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Observability.Training.Hosting;

/// <summary>
/// The OpenTelemetry SDK of the scheduler's process: its spans (queue wait, placement) and metrics (queue length,
/// queue wait, running jobs, GPU allocation ratio) become ECS documents on obs.traces / obs.metrics.
/// </summary>
public sealed class TrainingTelemetryHost(ITelemetrySink sink, TrainingOptions options, TimeProvider time) : IHostedService, IDisposable
{
    private TracerProvider? _tracer;
    private MeterProvider? _meter;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _tracer = Sdk.CreateTracerProviderBuilder()
            .AddSource(TrainingTelemetry.SourceName)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .AddProcessor(new BatchActivityExportProcessor(new EcsActivityExporter("obs-scheduler", d => Write(Topics.Traces, d))))
            .Build();
        _meter = Sdk.CreateMeterProviderBuilder()
            .AddMeter(TrainingTelemetry.SchedulerMeterName)
            .AddReader(new PeriodicExportingMetricReader(new EcsMetricExporter("obs-scheduler", d => Write(Topics.Metrics, d), time),
                (int)options.MetricExportInterval.TotalMilliseconds))
            .Build();
        return Task.CompletedTask;
    }

    /// <summary>Exports what is buffered now (tests, shutdown).</summary>
    public void Flush()
    {
        _tracer?.ForceFlush();
        _meter?.ForceFlush();
    }

    private void Write(string topic, EcsDocument doc) =>
        sink.WriteAsync(topic, doc.GetString(EcsFields.TraceId) ?? doc.GetString(EcsFields.ServiceName), EcsJson.ToUtf8(doc), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult();

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _tracer?.Dispose();
        _meter?.Dispose();
    }
}
