namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// A NAB run: the normalised standard-profile score and window-level precision/recall/F1 (a window counts once
/// when any detection falls in it; every detection outside windows after the probationary period is a false alarm).
/// </summary>
public sealed record NabRunResult(
    double StandardScore,
    double Precision,
    double Recall,
    double F1,
    int Windows,
    int DetectedWindows,
    int FalseAlarms,
    IReadOnlyList<NabFileScore> Files,
    IReadOnlyDictionary<string, IReadOnlyList<DateTime>> Detections);
