namespace Observability.Benchmarks.Detection.Nab;

/// <summary>
/// One model of a cross-validation grid: how to score every point of a file (run once per file), the warm-up in
/// points, and the thresholds and cool-downs swept over those scores. <see cref="Describe"/> says which settings
/// the scores came from, so a chosen model can be written down and shipped.
/// </summary>
public sealed record NabModel(
    string Name,
    string Describe,
    Func<NabFile, double[]> Score,
    int Warmup,
    IReadOnlyList<double> Thresholds,
    IReadOnlyList<int> Cooldowns);
