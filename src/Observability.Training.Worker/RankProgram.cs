using System.Diagnostics;
using Observability.Core.Transport;
using Observability.Training.Fencing;
using Observability.Training.Protocol;
using Observability.Training.Telemetry;
using Observability.Training.Worker.Training;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Observability.Training.Worker;

internal static class RankProgram
{
    public const string ServiceName = "obs-train-worker";

    public static int Run()
    {
        var stdout = Console.Out;
        var path = Environment.GetEnvironmentVariable(RankConfig.EnvironmentVariable);
        RankConfig config;
        try
        {
            if (string.IsNullOrEmpty(path))
            {
                throw new InvalidDataException($"{RankConfig.EnvironmentVariable} is not set");
            }

            config = TrainJson.Deserialize<RankConfig>(File.ReadAllBytes(path));
            Specs.JobSpecLoader.Validate(config.Spec);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or Specs.JobSpecException)
        {
            Console.Error.WriteLine($"invalid rank configuration: {e.Message}");
            return RankExitCodes.InvalidConfiguration;
        }

        var time = TimeProvider.System;
        var output = new RankOutput(stdout, ServiceName, time, config);

        // The fence: hold this rank's lock, die with the worker, and exit at once (no checkpoint) if a newer attempt started.
        using var lease = RankLease.Acquire(config.JobDirectory, config.Attempt, config.Rank, config.Host, config.ParentPid, why =>
        {
            Console.Error.WriteLine($"fenced: {why}; exiting without a checkpoint");
            Environment.Exit(RankExitCodes.Fenced);
        });
        if (lease.Fenced() is { } fenced)
        {
            Console.Error.WriteLine($"fenced: {fenced}; not starting");
            return RankExitCodes.Fenced;
        }
        var stop = 0;
        var stdin = new Thread(() =>
        {
            while (Console.In.ReadLine() is { } line)
            {
                if (line.Trim() == "stop")
                {
                    Interlocked.Exchange(ref stop, 1);
                }
            }
        }) { IsBackground = true, Name = "stop-listener" };
        stdin.Start();

        TracerProvider? tracer = null;
        MeterProvider? meter = null;
        if (config.Instrumentation)
        {
            tracer = Sdk.CreateTracerProviderBuilder()
                .AddSource(TrainingTelemetry.SourceName)
                .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
                .AddProcessor(new BatchActivityExportProcessor(new EcsActivityExporter(ServiceName, d => output.Document(Topics.Traces, d))))
                .Build();
            meter = Sdk.CreateMeterProviderBuilder()
                .AddMeter(TrainingTelemetry.MeterName)
                .AddReader(new PeriodicExportingMetricReader(new EcsMetricExporter(ServiceName, d => output.Document(Topics.Metrics, d), time), 10_000))
                .Build();
        }

        var parent = TrainingTelemetry.ParentFrom(Environment.GetEnvironmentVariable(RankConfig.TraceParentVariable));
        var code = RankExitCodes.Completed;
        using (var span = TrainingTelemetry.Source.StartActivity(TrainingTelemetry.RankSpan, ActivityKind.Consumer, parent))
        {
            span?.SetTag(TrainingTelemetry.JobIdTag, config.JobId);
            span?.SetTag(TrainingTelemetry.RankTag, config.Rank);
            span?.SetTag(TrainingTelemetry.AttemptTag, config.Attempt);
            span?.SetTag("training.world_size", config.WorldSize);
            span?.SetTag("training.worker", config.WorkerId);
            try
            {
                TorchNativeLoader.EnsureLoaded();
                code = new Trainer(config, output, time, () => Volatile.Read(ref stop) == 1).Run(CancellationToken.None);
                span?.SetTag("training.exit_code", code);
            }
            catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException)
            {
                output.Log("error", $"rank {config.Rank} cannot run this spec: {e.Message}", config.Instrumentation);
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                code = RankExitCodes.InvalidConfiguration;
            }
            catch (Exception e)
            {
                output.Log("error", $"rank {config.Rank} failed: {e.GetType().Name}: {e.Message}", config.Instrumentation);
                span?.SetStatus(ActivityStatusCode.Error, e.Message);
                code = 1;
            }
        }

        meter?.ForceFlush();
        tracer?.ForceFlush();
        meter?.Dispose();
        tracer?.Dispose();
        return code;
    }
}
