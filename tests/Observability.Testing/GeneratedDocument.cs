using Xunit;

namespace Observability.Testing;

/// <summary>A page under docs/ that is generated from code: the committed file must be the generated text.</summary>
public static class GeneratedDocument
{
    /// <summary>Fails naming the first line that differs and the command that regenerates the page.</summary>
    public static void AssertCommitted(string relativePath, string generated, string regenerate)
    {
        var committed = File.ReadAllText(RepositoryRoot.Combine(relativePath.Split('/'))).ReplaceLineEndings("\n");
        generated = generated.ReplaceLineEndings("\n");

        var a = committed.Split('\n');
        var b = generated.Split('\n');
        var first = Enumerable.Range(0, Math.Min(a.Length, b.Length)).FirstOrDefault(i => a[i] != b[i], -1);
        Assert.True(committed == generated, (first < 0
            ? $"{relativePath} has {a.Length} lines, the code gives {b.Length}"
            : $"{relativePath} line {first + 1}:\n  committed: {a[first]}\n  generated: {b[first]}") + $"\nregenerate with {regenerate} > {relativePath}");
    }
}
