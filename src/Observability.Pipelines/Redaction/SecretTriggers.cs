using System.Buffers;

namespace Observability.Pipelines.Redaction;

/// <summary>
/// The cheap test that tells a value can hold no built-in secret: none of the trigger strings occurs in it (ASCII
/// case-insensitively). Long values use one vectorised multi-string search; short ASCII values, most of a parsed
/// event's fields, use a scalar scan over a table of the triggers' first two letters, which is several times faster
/// there because a search over more than 8 case-insensitive strings leaves .NET's fastest path. Both give the same
/// answer; non-ASCII values always take the multi-string search, whose case folding goes beyond ASCII.
/// </summary>
internal static class SecretTriggers
{
    /// <summary>Up to this length the scalar scan is the faster one.</summary>
    private const int ShortLength = 48;

    private static readonly string[] Values =
    [
        "-----BEGIN", "bearer", "basic", "token", "apikey", "api_key", "api-key", "key=", "key\"", "key:", "key'", "secret", "passw", "pwd",
        "passphrase", "credential", "AKIA", "ASIA", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "xox", "sk-", "AIza", "hf_", "eyJ", "://",
    ];

    /// <summary>The trigger strings, for tests.</summary>
    internal static IReadOnlyList<string> All => Values;

    private static readonly SearchValues<string> Search = SearchValues.Create(Values, StringComparison.OrdinalIgnoreCase);

    // Indexed by (first << 7 | second) of ASCII-lower-cased characters: the triggers that start with that pair.
    private static readonly string[]?[] ByPair = BuildPairs();

    /// <summary>True when some trigger occurs in <paramref name="value"/>, ignoring ASCII case.</summary>
    public static bool Occur(ReadOnlySpan<char> value)
    {
        if (value.Length > ShortLength || !System.Text.Ascii.IsValid(value))
        {
            return value.IndexOfAny(Search) >= 0;
        }

        for (var i = 0; i + 1 < value.Length; i++)
        {
            if (ByPair[(Lower(value[i]) << 7) | Lower(value[i + 1])] is { } candidates && StartsWithAny(value[i..], candidates))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWithAny(ReadOnlySpan<char> rest, string[] candidates)
    {
        foreach (var trigger in candidates)
        {
            if (rest.StartsWith(trigger, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int Lower(char c) => c is >= 'A' and <= 'Z' ? c | 0x20 : c;

    private static string[]?[] BuildPairs()
    {
        var byPair = new string[]?[128 * 128];
        foreach (var trigger in Values)
        {
            var pair = (Lower(trigger[0]) << 7) | Lower(trigger[1]);
            byPair[pair] = [.. byPair[pair] ?? [], trigger];
        }

        return byPair;
    }
}
