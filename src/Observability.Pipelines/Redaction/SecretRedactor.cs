using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using Observability.Core.Documents;

namespace Observability.Pipelines.Redaction;

/// <summary>
/// Removes secrets from every string of a document: bearer/basic tokens, API keys (by name and by known
/// formats), passwords in URLs, private keys and e-mail addresses; and the whole value of fields whose
/// name says they hold a secret (<c>*.password</c>, <c>*.api_key</c>, …). <c>event.original</c> and
/// <c>error.message</c> are fields like any other. A cheap scan for the few strings a secret needs
/// (<c>@</c>, <c>://</c>, <c>key</c>, <c>bearer</c>, …; <see cref="SecretTriggers"/>) skips the regular expressions on clean values.
/// </summary>
public sealed class SecretRedactor
{
    private static readonly HashSet<string> SecretFieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "password", "passwd", "pwd", "pass", "passphrase", "secret", "token", "api_key", "apikey", "access_key", "access_token",
        "auth_token", "refresh_token", "session_token", "id_token", "secret_key", "private_key", "client_secret",
        "authorization", "credentials", "credential", "cookie", "set_cookie",
    };

    private const int RecentNames = 1024;

    /// <summary>The shortest text any built-in rule can match (<c>pwd=x</c>); shorter values are skipped.</summary>
    private const int MinSecretLength = 5;

    private readonly RedactionRule[] _rules;
    private readonly bool _hasCustomRules;
    // Field names are mostly the same string instances event after event, so identity is the cheap key. A small
    // direct-mapped table answers most lookups (one slot read); a miss goes to the dictionary, and a name new to
    // both is classified once and remembered in both while the dictionary has room.
    private readonly ConcurrentDictionary<string, bool> _secretNames = new(ReferenceEqualityComparer.Instance);
    private readonly NameVerdict?[] _recentNames = new NameVerdict?[RecentNames];

    public SecretRedactor(IEnumerable<RedactionRule> rules)
    {
        _rules = [.. rules];
        _hasCustomRules = _rules.Any(r => !BuiltInRules.Contains(r));
    }

    public static IReadOnlyList<RedactionRule> BuiltInRules { get; } =
    [
        new("private_key", SecretPatterns.PrivateKey(), "[REDACTED:private_key]"),
        new("url_password", SecretPatterns.UrlPassword(), "$1" + SecretPatterns.Marker + "@"),
        new("bearer", SecretPatterns.Bearer(), "$1$2" + SecretPatterns.Marker),
        new("authorization", SecretPatterns.AuthorizationScheme(), "$1$2" + SecretPatterns.Marker),
        new("named_secret", SecretPatterns.NamedSecret(), string.Empty, KeepQuotes),
        new("api_key", SecretPatterns.KnownKeyFormat(), SecretPatterns.Marker),
        new("email", SecretPatterns.Email(), "[REDACTED:email]"),
    ];

    public static SecretRedactor Default { get; } = new(BuiltInRules);

    public IReadOnlyList<RedactionRule> Rules => _rules;

    /// <summary><c>"password": "x"</c> becomes <c>"password": "[REDACTED]"</c>, so JSON in a message stays JSON.</summary>
    private static string KeepQuotes(Match m)
    {
        var prefix = m.Groups[1].Value;
        var first = m.Value[prefix.Length];
        return first is '"' or '\'' ? string.Concat(prefix, first.ToString(), SecretPatterns.Marker, first.ToString()) : prefix + SecretPatterns.Marker;
    }

    /// <summary>A redactor with these rules plus extra ones (a pipeline's own patterns).</summary>
    public SecretRedactor With(IEnumerable<RedactionRule> extra) => new(_rules.Concat(extra));

    /// <summary>The value with every secret replaced; the same instance when there was none.</summary>
    public string Redact(string value)
    {
        // '@' (e-mail addresses) is checked on its own: a one-character needle would slow the multi-string search.
        if (!_hasCustomRules && value.AsSpan().IndexOf('@') < 0 && !SecretTriggers.Occur(value))
        {
            return value;
        }

        var result = value;
        foreach (var rule in _rules)
        {
            try
            {
                result = rule.Apply(result);
            }
            catch (RegexMatchTimeoutException)
            {
                // A value too pathological to scan in time is not stored in clear: it is withheld whole.
                return "[REDACTED:unscannable]";
            }
        }

        return result;
    }

    /// <summary>Redacts every field of the document in place. Returns the number of values changed.</summary>
    /// <param name="knownClean">A string already redacted by this redactor (the cleaned message), skipped wherever it appears.</param>
    public int RedactDocument(EcsDocument document, IReadOnlyCollection<string>? onlyFields = null, string? knownClean = null)
    {
        List<KeyValuePair<string, object?>>? changes = null;
        if (document.Fields is Dictionary<string, object?> fields)
        {
            // The document's own dictionary: enumerated without boxing its enumerator (this runs on every event).
            foreach (var (name, value) in fields)
            {
                RedactField(name, value, onlyFields, knownClean, ref changes);
            }
        }
        else
        {
            foreach (var (name, value) in document.Fields)
            {
                RedactField(name, value, onlyFields, knownClean, ref changes);
            }
        }

        if (changes is null)
        {
            return 0;
        }

        foreach (var (name, value) in changes)
        {
            document.Set(name, value);
        }

        return changes.Count;
    }

    private void RedactField(string name, object? value, IReadOnlyCollection<string>? onlyFields, string? knownClean, ref List<KeyValuePair<string, object?>>? changes)
    {
        if (onlyFields is not null && !onlyFields.Contains(name))
        {
            return;
        }

        object? redacted;
        switch (value)
        {
            case string s:
                redacted = IsSecretFieldName(name) ? SecretPatterns.Marker
                    : ReferenceEquals(s, knownClean) || (s.Length < MinSecretLength && !_hasCustomRules) ? s
                    : Redact(s);
                break;
            case null or bool or DateTimeOffset:
                return;
            case long or double or int:
                redacted = IsSecretFieldName(name) ? SecretPatterns.Marker : value;
                break;
            default:
                redacted = IsSecretFieldName(name) ? SecretPatterns.Marker : RedactValue(value);
                break;
        }

        if (!ReferenceEquals(redacted, value))
        {
            (changes ??= []).Add(new(name, redacted));
        }
    }

    public bool IsSecretFieldName(string field)
    {
        // Entries are immutable and replaced whole, so a racing reader sees an old or a new verdict, both right.
        var slot = RuntimeHelpers.GetHashCode(field) & (RecentNames - 1);
        if (_recentNames[slot] is { } recent && ReferenceEquals(recent.Name, field))
        {
            return recent.Secret;
        }

        var secret = ClassifyName(field);
        _recentNames[slot] = new NameVerdict(field, secret);
        return secret;
    }

    private bool ClassifyName(string field)
    {
        if (_secretNames.TryGetValue(field, out var known))
        {
            return known;
        }

        var last = field[(field.LastIndexOf('.') + 1)..].Replace('-', '_');
        var secret = SecretFieldNames.Contains(last)
            || last.EndsWith("_password", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("_secret", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("_token", StringComparison.OrdinalIgnoreCase)
            || last.EndsWith("_api_key", StringComparison.OrdinalIgnoreCase);
        if (_secretNames.Count < 4096)
        {
            _secretNames.TryAdd(field, secret);
        }

        return secret;
    }

    private sealed record NameVerdict(string Name, bool Secret);

    private object? RedactValue(object? value)
    {
        switch (value)
        {
            case string s:
                return Redact(s);
            case JsonElement e:
                var raw = e.GetRawText();
                var r = Redact(raw);
                return ReferenceEquals(raw, r) ? value : r;
            case IEnumerable<object?> list:
                List<object?>? copy = null;
                var i = 0;
                foreach (var item in list)
                {
                    var ri = RedactValue(item);
                    if (!ReferenceEquals(ri, item) && copy is null)
                    {
                        copy = [.. list.Take(i)];
                    }

                    copy?.Add(ri);
                    i++;
                }

                return copy is null ? value : copy;
            default:
                return value;
        }
    }
}
