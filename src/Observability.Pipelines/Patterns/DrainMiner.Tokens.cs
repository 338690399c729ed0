namespace Observability.Pipelines.Patterns;

/// <summary>How <see cref="DrainMiner"/> compares a line's tokens with a template: similarity, merging, and the word tests behind them.</summary>
public sealed partial class DrainMiner
{
    private static (double Similarity, int Parameters) Similarity(string[] template, string[] tokens)
    {
        if (template.Length == 0)
        {
            return (1.0, 0);
        }

        var same = 0;
        var parameters = 0;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == TokenMasker.Wildcard)
            {
                parameters++;

                // The line's token was masked too: both say "a variable here", which is agreement. (Drain
                // counts no wildcard as similar, so a heavily masked line never reaches the threshold.)
                if (tokens[i] == TokenMasker.Wildcard)
                {
                    same++;
                }
            }
            else if (string.Equals(template[i], tokens[i], StringComparison.Ordinal))
            {
                same++;
            }
            else if (FillsKeySlot(template[i], tokens[i]))
            {
                // key=<*> is a parameter slot that any value of the key fills.
                parameters++;
                same++;
            }
        }

        return ((double)same / template.Length, parameters);
    }

    /// <summary>The generalised template, or null when the line changes nothing.</summary>
    private static string[]? Merge(string[] template, string[] tokens)
    {
        string[]? merged = null;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] == TokenMasker.Wildcard || string.Equals(template[i], tokens[i], StringComparison.Ordinal) || FillsKeySlot(template[i], tokens[i]))
            {
                continue;
            }

            // Two values of one key generalise to key=<*>, which keeps the key in the template.
            var generalised = KeyOf(template[i]) is { } key && tokens[i].StartsWith(key, StringComparison.Ordinal) ? key + TokenMasker.Wildcard : TokenMasker.Wildcard;
            if (!string.Equals(generalised, template[i], StringComparison.Ordinal))
            {
                merged ??= (string[])template.Clone();
                merged[i] = generalised;
            }
        }

        return merged;
    }

    /// <summary>
    /// Whether joining would turn exactly one constant word into a wildcard for another word (<c>Link up</c> and
    /// <c>Link down</c>, <c>stored as values</c> and <c>stored as bytes</c>): those are told apart, because two
    /// statements one word apart are more common than a word parameter with two values; a word parameter shows
    /// itself by a third value, and <see cref="WordSlot"/> merges then. Booleans are parameters at once.
    /// </summary>
    private static int? SwappedWord(string[] template, string[] merged, string[] tokens)
    {
        var at = -1;
        for (var i = 0; i < template.Length; i++)
        {
            if (!ReferenceEquals(template[i], merged[i]) && !string.Equals(template[i], merged[i], StringComparison.Ordinal))
            {
                if (at >= 0)
                {
                    return null;
                }

                at = i;
            }
        }

        return at >= 0 && IsPlainWord(template[at]) && IsPlainWord(tokens[at]) && !IsBoolean(template[at]) && !IsBoolean(tokens[at]) ? at : null;
    }

    /// <summary>Whether a template agrees with the line everywhere but at <paramref name="except"/>.</summary>
    private static bool Fits(string[] template, string[] tokens, int except)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i != except && template[i] != TokenMasker.Wildcard && !string.Equals(template[i], tokens[i], StringComparison.Ordinal) && !FillsKeySlot(template[i], tokens[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Letters only, but for punctuation at its end.</summary>
    private static bool IsPlainWord(string token)
    {
        var s = token.AsSpan().TrimEnd(".,;:!?");
        if (s.Length == 0)
        {
            return false;
        }

        foreach (var c in s)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBoolean(string token) =>
        Booleans.GetAlternateLookup<ReadOnlySpan<char>>().Contains(token.AsSpan().TrimEnd(".,;:!?"));

    private static readonly HashSet<string> Booleans = new(StringComparer.OrdinalIgnoreCase) { "true", "false", "yes", "no", "on", "off", "enabled", "disabled", "null", "none" };

    /// <summary>Whether <paramref name="template"/> is <c>key=&lt;*&gt;</c> and <paramref name="token"/> a value of that key (no allocation: this runs per line).</summary>
    private static bool FillsKeySlot(string template, string token)
    {
        const string slot = "=" + TokenMasker.Wildcard;
        if (!template.EndsWith(slot, StringComparison.Ordinal))
        {
            return false;
        }

        var key = template.AsSpan(0, template.Length - TokenMasker.Wildcard.Length);
        return key.Length > 1 && token.AsSpan().StartsWith(key, StringComparison.Ordinal);
    }

    /// <summary>The <c>key=</c> of a <c>key=value</c> token, or null.</summary>
    private static string? KeyOf(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        return eq > 0 && eq < token.Length - 1 ? token[..(eq + 1)] : null;
    }
}
