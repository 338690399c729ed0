using System.Text.RegularExpressions;

namespace Observability.Pipelines.Redaction;

/// <summary>One kind of secret: a pattern and what replaces it (groups may keep the non-secret part).</summary>
public sealed record RedactionRule(string Name, Regex Pattern, string Replacement);
