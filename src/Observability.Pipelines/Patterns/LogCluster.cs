using System.IO.Hashing;
using System.Text;

namespace Observability.Pipelines.Patterns;

/// <summary>A mined log template: its tokens (with <c>&lt;*&gt;</c> for variables), how many lines joined it, its id.</summary>
public sealed class LogCluster
{
    internal LogCluster(string[] tokens)
    {
        Tokens = tokens;
        Id = IdOf(tokens);
    }

    public string[] Tokens { get; private set; }

    public string Template => string.Join(' ', Tokens);

    /// <summary>A stable hash of the current template (16 hex digits); changes only when the template generalises.</summary>
    public string Id { get; private set; }

    public long Count { get; internal set; }

    /// <summary>The template this one was merged into, if any (its lines are reported under that template).</summary>
    internal LogCluster? MergedInto { get; set; }

    /// <summary>The template that finally stands for this one: itself unless it was merged.</summary>
    public LogCluster Root
    {
        get
        {
            var c = this;
            while (c.MergedInto is not null)
            {
                c = c.MergedInto;
            }

            return c;
        }
    }

    internal void Generalise(string[] tokens)
    {
        Tokens = tokens;
        Id = IdOf(tokens);
    }

    public static string IdOf(IReadOnlyList<string> tokens)
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join(' ', tokens));
        return XxHash64.HashToUInt64(bytes).ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }
}
