namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// A log format as its documentation lays it out: the header each line starts with (rendered per line from
/// the time, a random source and the template's fixed fields) and the message templates that follow it.
/// <see cref="HeldOut"/> formats were written before tuning and never tuned on.
/// </summary>
public sealed record LogFormat(string Name, bool HeldOut, Func<Random, DateTime, LogTemplate, string> Header, LogTemplate[] Templates);
