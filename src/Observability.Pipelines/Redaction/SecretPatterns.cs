using System.Text.RegularExpressions;

namespace Observability.Pipelines.Redaction;

/// <summary>The built-in secret patterns, source-generated because they never change.</summary>
internal static partial class SecretPatterns
{
    public const string Marker = "[REDACTED]";

    // A PEM private key, or its start when the rest was cut off (a truncated line must not leak it either).
    [GeneratedRegex(@"-----BEGIN[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----(?:.*?-----END[A-Z0-9 ]*PRIVATE KEY( BLOCK)?-----|.*)", RegexOptions.Singleline | RegexOptions.CultureInvariant, 1000)]
    public static partial Regex PrivateKey();

    // Bearer credentials, whatever they look like.
    [GeneratedRegex(@"(?i)\b(bearer)(\s+|\s*[:=]\s*)(?!\[REDACTED\])[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex Bearer();

    // Basic/Token/ApiKey schemes: only credential-looking words (a digit or '=' in them), so "basic training" stays.
    [GeneratedRegex(@"(?i)\b(basic|token|apikey)(\s+|\s*[:=]\s*)(?!\[REDACTED\])(?=[A-Za-z\-._~+/]*[0-9=])[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex AuthorizationScheme();

    // scheme://user:password@host keeps the user, hides the password.
    [GeneratedRegex(@"(?i)\b([a-z][a-z0-9+.\-]*://[^\s:/@]*:)[^\s@/]+@", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex UrlPassword();

    // name=value / "name": "value" for names that hold secrets; a quoted value is taken up to its closing quote.
    [GeneratedRegex(@"(?i)\b((?:[a-z0-9_.\-]*(?:api[_\-]?key|apikey|access[_\-]?key|secret[_\-]?key|client[_\-]?secret|secret|passwd|password|pwd|passphrase|private[_\-]?key|(?:access|auth|refresh|session|id|bearer)?[_\-]?token|credentials?))[""']?\s*[:=]\s*)(?!\[REDACTED\])(?:""[^""\n]*""|'[^'\n]*'|[^\s""',;&}]+)", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex NamedSecret();

    // Key formats recognisable on their own: AWS, GitHub, Slack, OpenAI/Anthropic-style, Google, Hugging Face, JWTs.
    [GeneratedRegex(@"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{30,}\b|\bxox[abprs]-[A-Za-z0-9\-]{10,}|\bsk-[A-Za-z0-9_\-]{20,}|\bAIza[0-9A-Za-z_\-]{35}|\bhf_[A-Za-z0-9]{30,}\b|\beyJ[A-Za-z0-9_\-]{5,}\.eyJ[A-Za-z0-9_\-]{5,}\.[A-Za-z0-9_\-]+", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex KnownKeyFormat();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", RegexOptions.CultureInvariant, 1000)]
    public static partial Regex Email();
}
