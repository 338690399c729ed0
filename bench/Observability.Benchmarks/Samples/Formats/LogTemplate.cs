namespace Observability.Benchmarks.Samples.Formats;

/// <summary>
/// One true template of a format: its id, how a message is rendered, how often it occurs, and the header fields
/// a call site fixes (the level and the logger or tag are the same on every line a statement writes).
/// </summary>
public sealed record LogTemplate(string Id, Func<Random, string> Render, int Weight, string Level = "INFO", string Component = "");
