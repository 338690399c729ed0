namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// One file's NAB result: raw score, what the null detector scores, window counts, and detection counts
/// (<see cref="TruePositives"/> counts detections inside windows, <see cref="FalsePositives"/> those outside,
/// both after the probationary period).
/// </summary>
public sealed record NabFileScore(string Name, double Raw, double NullBaseline, int LabelledWindows, int ScorableWindows, int DetectedWindows, int TruePositives, int FalsePositives);
