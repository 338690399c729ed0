using Observability.Core.Options;
using Observability.Training.Scheduling;
using Observability.Training.Workers;

namespace Observability.Training.Hosting;

/// <summary>Settings of the training services (configuration section <c>Training</c>).</summary>
public sealed class TrainingOptions
{
    /// <summary>Root of the scheduler's event log, the job inbox and job directories.</summary>
    public string DataDirectory { get; set; } = "data/train";

    public bool RunScheduler { get; set; } = true;

    /// <summary>Run a worker in this process too (embedded mode: <c>obs up</c>).</summary>
    public bool RunLocalWorker { get; set; } = true;

    /// <summary>Relay <c>obs jobs submit/cancel</c> inbox files to train.jobs.</summary>
    public bool RelayInbox { get; set; } = true;

    /// <summary><c>obs up --demo</c>: submit a small demo job once the scheduler is ready.</summary>
    public bool SubmitDemoJob { get; set; }

    public SchedulerOptions Scheduler { get; set; } = new();

    public WorkerAgentOptions Worker { get; set; } = new();

    /// <summary>Export the scheduler's spans and metrics (and the workers' relayed documents) into the pipeline.</summary>
    public bool Telemetry { get; set; } = true;

    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Distributed mode: the train.* topics and the train.events log on this Kafka cluster (null: embedded).</summary>
    public Observability.Transport.Kafka.KafkaOptions? Kafka { get; set; }

    /// <summary>Names the scheduler's replay consumer groups in distributed mode.</summary>
    public string SchedulerId { get; set; } = "obs-scheduler";

    public string EventLogPath => Path.Combine(DataDirectory, "scheduler", "events.jsonl");

    /// <summary>
    /// Set in code by <c>obs up</c> (from <c>--data</c> and obs.yml's <c>training.local_worker</c>) and <c>obs jobs</c>:
    /// errors name the property path (<c>training.data_directory</c>) the key would have in obs.yml.
    /// </summary>
    public void Validate()
    {
        OptionsCheck.NotEmpty("training.data_directory", DataDirectory);
        OptionsCheck.That(MetricExportInterval > TimeSpan.Zero, "training.metric_export_interval", $"must be positive, got {MetricExportInterval}");
        Scheduler.Validate("training.scheduler");
        Kafka?.Validate();
        if (RunLocalWorker)
        {
            Worker.Validate("training.worker");
        }
    }
}
