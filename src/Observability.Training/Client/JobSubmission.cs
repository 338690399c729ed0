using System.Diagnostics;
using System.Security.Cryptography;
using Observability.Core.Documents;
using Observability.Training.Protocol;
using Observability.Training.Specs;
using Observability.Training.Telemetry;

namespace Observability.Training.Client;

/// <summary>
/// A submission: a new job id, the <c>train.job.submit</c> span that roots the job's trace (recorded here whether or
/// not anything listens, so every job has a trace) and the <c>submit</c> message carrying its traceparent.
/// </summary>
public sealed record JobSubmission(string JobId, TrainMessage Message, EcsDocument SubmitSpan)
{
    public static JobSubmission Create(JobSpec spec, TimeProvider time, string serviceName = "obs")
    {
        JobSpecLoader.Validate(spec);
        var jobId = NewJobId(spec.Name, time.GetUtcNow());
        using var span = new Activity(TrainingTelemetry.SubmitSpan);
        span.SetIdFormat(ActivityIdFormat.W3C);
        span.ActivityTraceFlags = ActivityTraceFlags.Recorded;
        span.SetTag(TrainingTelemetry.JobIdTag, jobId);
        span.SetTag("training.job.name", spec.Name);
        span.SetTag("training.job.owner", spec.Owner);
        span.SetTag("training.job.priority", spec.Priority);
        span.SetTag("training.world_size", spec.WorldSize);
        span.Start();

        // Sampled (flag 01): the rank processes' parent-based samplers keep every span of the job.
        var traceParent = $"00-{span.TraceId.ToHexString()}-{span.SpanId.ToHexString()}-01";
        var message = new TrainMessage { Type = TrainMessageTypes.Submit, JobId = jobId, Spec = spec, TraceParent = traceParent };
        span.Stop();
        var doc = EcsActivityExporter.ToDocument(span, serviceName);
        doc.Remove("parent.id"); // the submission is the root of the job's trace
        return new JobSubmission(jobId, message, doc);
    }

    public static string NewJobId(string name, DateTimeOffset at)
    {
        var clean = new string(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        if (clean.Length > 40)
        {
            clean = clean[..40];
        }

        return $"{(clean.Length == 0 ? "job" : clean)}-{at:yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
    }
}
