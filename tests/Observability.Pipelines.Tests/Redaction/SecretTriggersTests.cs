using System.Buffers;
using System.Text;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines.Tests.Redaction;

/// <summary>The fast trigger test must answer exactly as a case-insensitive search for every trigger would.</summary>
public sealed class SecretTriggersTests
{
    private static readonly SearchValues<string> Reference = SearchValues.Create([.. SecretTriggers.All], StringComparison.OrdinalIgnoreCase);
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_=:'\"/.,;[]{}()@#$%&*+~`|\\";

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
