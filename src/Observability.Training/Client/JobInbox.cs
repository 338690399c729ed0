using Observability.Core.Json;
using Observability.Training.Protocol;

namespace Observability.Training.Client;

/// <summary>
/// The embedded-mode way into a running <c>obs up</c>: <c>obs jobs submit/cancel</c> drop a message file into
/// <c>DataDirectory/inbox</c> (written under a temporary name, then renamed, so a half-written file is never read);
/// <see cref="JobInboxRelay"/> in the service forwards it to <c>train.jobs</c> and deletes it.
/// </summary>
public static class JobInbox
{
    public static string Directory(string dataDirectory) => Path.Combine(dataDirectory, "inbox");

    public static void Submit(string dataDirectory, JobSubmission submission)
    {
        var dir = Directory(dataDirectory);
        System.IO.Directory.CreateDirectory(dir);
        WriteAtomically(Path.Combine(dir, submission.JobId + ".span.json"), EcsJson.ToUtf8(submission.SubmitSpan));
        WriteAtomically(Path.Combine(dir, submission.JobId + ".msg.json"), TrainJson.Serialize(submission.Message));
    }

    public static void Cancel(string dataDirectory, string jobId)
    {
        var dir = Directory(dataDirectory);
        System.IO.Directory.CreateDirectory(dir);
        var m = new TrainMessage { Type = TrainMessageTypes.Cancel, JobId = jobId };
        WriteAtomically(Path.Combine(dir, $"cancel-{jobId}-{Guid.NewGuid():N}.msg.json"), TrainJson.Serialize(m));
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        var tmp = path + ".tmp";
        File.WriteAllBytes(tmp, bytes);
        File.Move(tmp, path, overwrite: true);
    }
}
