using System.Buffers;
using System.Text;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines.Tests.Redaction;

/// <summary>
/// The fast trigger test must answer exactly as a case-insensitive search for every trigger would, on every path:
/// the table scan (short ASCII values, and every ASCII value on a CPU without AVX2), the vectorised candidate
/// search (ASCII values of 34 characters or more) and the multi-string search (values beyond ASCII).
/// </summary>
public sealed class SecretTriggersTests
{
    private static readonly SearchValues<string> Reference = SearchValues.Create([.. SecretTriggers.All], StringComparison.OrdinalIgnoreCase);
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_=:'\"/.,;[]{}()@#$%&*+~`|\\";

    // Characters beyond ASCII, some of which fold to ASCII letters under ordinal case-insensitive comparison (long s,
    // Kelvin sign, dotless i), and characters whose low byte or bit 0x20 alias a trigger's letters.
    private const string Foreign = "\u017F\u212A\u0131\u00E9\u00DF\u4E2D\u0161\u0145\u0173\u2028\u0D0D\u1A1A\u0001\u000D\u007F";

    [Fact]
    public void Agrees_with_a_case_insensitive_search_on_random_text_with_and_without_triggers()
    {
        var random = new Random(20261126);
        var disagreements = new List<string>();
        var withTrigger = 0;
        for (var n = 0; n < 200_000; n++)
        {
            var text = RandomText(random);
            var expected = text.AsSpan().IndexOfAny(Reference) >= 0;
            withTrigger += expected ? 1 : 0;
            if (SecretTriggers.Occur(text) != expected)
            {
                disagreements.Add(text);
            }
        }

        Assert.Empty(disagreements);
        Assert.InRange(withTrigger, 20_000, 180_000); // both answers were exercised
    }

    [Fact]
    public void Agrees_on_long_text_with_triggers_anywhere_in_any_case_ascii_or_not()
    {
        var random = new Random(20261127);
        var disagreements = new List<string>();
        var (withTrigger, nonAscii) = (0, 0);
        for (var n = 0; n < 6_000; n++)
        {
            var text = LongText(random, foreign: n % 3 == 0);
            var expected = text.AsSpan().IndexOfAny(Reference) >= 0;
            withTrigger += expected ? 1 : 0;
            var ascii = Ascii.IsValid(text);
            nonAscii += ascii ? 0 : 1;
            if (SecretTriggers.Occur(text) != expected || (ascii && SecretTriggers.OccurScalar(text) != expected))
            {
                disagreements.Add(text);
            }
        }

        Assert.Empty(disagreements);
        Assert.InRange(withTrigger, 1_000, 5_000);
        Assert.InRange(nonAscii, 1_000, 3_000);
    }

    [Fact]
    public void Finds_every_trigger_at_every_position_of_a_value_up_to_three_blocks_long()
    {
        // Positions straddle the 32-character blocks and the last block, which is moved back to end at the value's end.
        var missed = new List<string>();
        foreach (var length in (int[])[33, 34, 35, 40, 65, 66, 67, 97, 98, 100])
        {
            foreach (var trigger in SecretTriggers.All)
            {
                for (var at = 0; at + trigger.Length <= length; at++)
                {
                    var text = new string('n', at) + MixedCase(trigger, at) + new string('n', length - at - trigger.Length);
                    if (!SecretTriggers.Occur(text))
                    {
                        missed.Add($"{length}/{at}: {text}");
                    }

                    // Everything but the trigger's last character: no trigger is a prefix of another one's start here.
                    var cut = text.Remove(at + trigger.Length - 1, 1).Insert(at + trigger.Length - 1, "\u0001");
                    if (SecretTriggers.Occur(cut) != (cut.AsSpan().IndexOfAny(Reference) >= 0))
                    {
                        missed.Add($"cut {length}/{at}: {cut}");
                    }
                }
            }
        }

        Assert.Empty(missed);
    }

    [Fact]
    public void The_vectorised_search_relies_on_triggers_of_three_characters_or_more()
    {
        Assert.All(SecretTriggers.All, t => Assert.True(t.Length >= 3, t));
    }

    [Fact]
    public void A_character_beyond_ascii_in_any_block_sends_a_long_value_to_the_full_case_folding_search()
    {
        foreach (var at in (int[])[0, 31, 32, 33, 63, 64, 99])
        {
            foreach (var foreign in "\u017F\u212A\u0131\u00E9")
            {
                var text = new string('n', 100).Remove(at, 1).Insert(at, foreign.ToString());
                Assert.False(SecretTriggers.Occur(text));
                Assert.True(SecretTriggers.Occur(text + "SeCrEt"));
                Assert.True(SecretTriggers.Occur("SeCrEt" + text));

                // Whatever ordinal case folding says of a foreign letter in a trigger, the answer is the reference's.
                var folded = text + "\u017Fecret \u212Aey= a\u0131za";
                Assert.Equal(folded.AsSpan().IndexOfAny(Reference) >= 0, SecretTriggers.Occur(folded));
            }
        }
    }

    [Theory]
    [InlineData("node-01", false)]
    [InlineData("training", false)]
    [InlineData("/var/log/training.log", false)]
    [InlineData("BeArEr", true)]
    [InlineData("x://y", true)]
    [InlineData("my_API-KEY=", true)]
    [InlineData("akia", true)]
    [InlineData("tok", false)]
    [InlineData("to", false)]
    [InlineData("", false)]
    [InlineData("préfix secret", true)]
    public void Known_values(string value, bool expected)
    {
        Assert.Equal(expected, SecretTriggers.Occur(value));
        Assert.Equal(value.AsSpan().IndexOfAny(Reference) >= 0, expected);
    }

    [Theory]
    [InlineData("ſecret")] // long s: beyond ASCII case folding
    [InlineData("AKıA")] // dotless i
    [InlineData("\u212Aey=")] // Kelvin sign
    public void Non_ascii_values_are_decided_by_the_case_insensitive_search(string value)
    {
        var text = System.Text.RegularExpressions.Regex.Unescape(value);
        Assert.Equal(text.AsSpan().IndexOfAny(Reference) >= 0, SecretTriggers.Occur(text));
    }

    /// <summary>Up to 4 KiB, mostly without triggers so whole blocks pass clean; near misses and foreign characters mixed in.</summary>
    private static string LongText(Random random, bool foreign)
    {
        var length = random.Next(4) == 0 ? random.Next(34, 4097) : random.Next(30, 300);
        var text = new StringBuilder(length + 16);
        var triggers = random.Next(3) == 0 ? random.Next(1, 4) : 0;
        while (text.Length < length)
        {
            if (foreign && random.Next(200) == 0)
            {
                text.Append(Foreign[random.Next(Foreign.Length)]);
            }
            else if (random.Next(60) == 0)
            {
                // A trigger cut short: its first letters only, a candidate the check must reject.
                var trigger = SecretTriggers.All[random.Next(SecretTriggers.All.Count)];
                text.Append(MixedCase(trigger[..random.Next(1, trigger.Length)], random.Next()));
            }
            else
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
        }

        for (var i = 0; i < triggers; i++)
        {
            var trigger = MixedCase(SecretTriggers.All[random.Next(SecretTriggers.All.Count)], random.Next());
            var at = random.Next(4) switch
            {
                0 => text.Length, // at the very end
                1 => Math.Min(text.Length, (random.Next(1, 1 + (text.Length / 32)) * 32) - random.Next(trigger.Length)), // across a block boundary
                _ => random.Next(text.Length + 1),
            };
            text.Insert(at, trigger);
        }

        return text.ToString();
    }

    private static string MixedCase(string s, int seed)
    {
        var random = new Random(seed);
        return string.Concat(s.Select(c => random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c)));
    }

    private static string RandomText(Random random)
    {
        var length = random.Next(0, 70);
        var text = new StringBuilder(length + 16);
        while (text.Length < length)
        {
            if (random.Next(12) == 0)
            {
                var trigger = SecretTriggers.All[random.Next(SecretTriggers.All.Count)];
                // Sometimes cut short, so near misses (a trigger's first letters only) are tested too.
                var take = random.Next(2) == 0 ? trigger.Length : random.Next(1, trigger.Length + 1);
                foreach (var c in trigger.AsSpan(0, take))
                {
                    text.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
                }
            }
            else
            {
                text.Append(Alphabet[random.Next(Alphabet.Length)]);
            }
        }

        return text.ToString();
    }
}
