namespace Observability.Training.Workers;

/// <summary>
/// Finds the rank executable: <c>OBS_TRAIN_WORKER</c>, then <c>$OBS_HOME/.obs/worker/</c> (where <c>./obs</c> builds
/// it), then next to the running program (tests reference the worker project).
/// </summary>
public static class WorkerLocator
{
    public const string EnvironmentVariable = "OBS_TRAIN_WORKER";
    public const string FileName = "obs-train-worker.dll";

    public static string Locate(string? configured = null)
    {
        var candidates = new List<string?>
        {
            configured,
            Environment.GetEnvironmentVariable(EnvironmentVariable),
            Environment.GetEnvironmentVariable("OBS_HOME") is { } home ? Path.Combine(home, ".obs", "worker", FileName) : null,
            Path.Combine(AppContext.BaseDirectory, FileName),
            Path.Combine(AppContext.BaseDirectory, "..", "worker", FileName),
        };
        foreach (var c in candidates)
        {
            if (!string.IsNullOrWhiteSpace(c) && File.Exists(c))
            {
                return Path.GetFullPath(c);
            }
        }

        throw new FileNotFoundException(
            $"the training rank executable {FileName} was not found; build it with ./obs (src/Observability.Training.Worker/obs-extra-build) or set {EnvironmentVariable}");
    }
}
