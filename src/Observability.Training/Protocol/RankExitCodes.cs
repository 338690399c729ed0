namespace Observability.Training.Protocol;

/// <summary>Exit codes of a rank process that the scheduler tells apart.</summary>
public static class RankExitCodes
{
    /// <summary>Trained every step.</summary>
    public const int Completed = 0;

    /// <summary>Bad configuration or spec: retrying cannot help.</summary>
    public const int InvalidConfiguration = 2;

    /// <summary>Stopped on request (preemption) after saving a checkpoint.</summary>
    public const int Stopped = 3;
}
