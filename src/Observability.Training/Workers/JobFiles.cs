namespace Observability.Training.Workers;

/// <summary>Layout of a job directory (under <c>DataDirectory/jobs/JOB_ID</c>).</summary>
public static class JobFiles
{
    public static string JobDirectory(string dataDirectory, string jobId) => Path.Combine(dataDirectory, "jobs", jobId);

    public static string RankLog(string jobDirectory, int rank) => Path.Combine(jobDirectory, "logs", $"rank-{rank}.log");

    public static string CheckpointDirectory(string jobDirectory) => Path.Combine(jobDirectory, "checkpoint");

    public static string StepRecords(string jobDirectory, int rank) => Path.Combine(jobDirectory, "steps", $"rank-{rank}.jsonl");
}
