using System.Globalization;
using System.Text;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// Mines the templates of a plain log file (<c>obs patterns</c>): the header layout is learned from the first
/// <see cref="HeaderSample"/> lines, then every line's message joins a template online; at the end each line
/// is reported with the final id of the template it joined, so <c>templates.csv</c> and <c>assignments.csv</c>
/// agree (the count of a template is the number of its lines).
/// </summary>
public static class PatternFileMiner
{
    /// <summary>Lines the header layout is learned from before mining starts.</summary>
    public const int HeaderSample = HeaderDetector.SampleSize;

    public sealed record Result(IReadOnlyList<LogCluster> Templates, IReadOnlyList<int> LineTemplate, long Lines, HeaderLayout Header);

    /// <param name="lines">The file's lines.</param>
    /// <param name="options">Miner parameters.</param>
    /// <param name="detectHeader">Learn and strip a header; false when the lines are messages already.</param>
    public static Result Mine(IEnumerable<string> lines, DrainOptions? options = null, bool detectHeader = true)
    {
        var miner = new DrainMiner(options);
        var index = new Dictionary<LogCluster, int>(ReferenceEqualityComparer.Instance);
        var templates = new List<LogCluster>();
        var assignment = new List<int>();
        var counts = new List<long>();
        using var e = lines.GetEnumerator();
        var head = new List<string>(HeaderSample);
        while (head.Count < HeaderSample && e.MoveNext())
        {
            head.Add(e.Current);
        }

        var layout = detectHeader ? HeaderLayout.Learn(head) : HeaderLayout.None;
        void Add(string line)
        {
            var cluster = miner.Add(detectHeader ? layout.Message(line) : line);
            if (!index.TryGetValue(cluster, out var i))
            {
                i = templates.Count;
                index[cluster] = i;
                templates.Add(cluster);
                counts.Add(0);
            }

            counts[i]++;
            assignment.Add(i);
        }

        foreach (var line in head)
        {
            Add(line);
        }

        while (e.MoveNext())
        {
            Add(e.Current);
        }

        var final = templates.Select(c => c.Root).ToList();
        var resolved = new Dictionary<LogCluster, int>(ReferenceEqualityComparer.Instance);
        var merged = new List<LogCluster>();
        var mergedCounts = new List<long>();
        var remap = new int[templates.Count];
        for (var i = 0; i < templates.Count; i++)
        {
            if (!resolved.TryGetValue(final[i], out var j))
            {
                j = merged.Count;
                resolved[final[i]] = j;
                merged.Add(final[i]);
                mergedCounts.Add(0);
            }

            remap[i] = j;
            mergedCounts[j] += counts[i];
        }

        for (var i = 0; i < merged.Count; i++)
        {
            merged[i].Count = mergedCounts[i];
        }

        return new Result(merged, assignment.Select(i => remap[i]).ToList(), assignment.Count, layout);
    }

    /// <summary>Writes <c>templates.csv</c> (id, template, count; most frequent first) and <c>assignments.csv</c> (line, id).</summary>
    public static void WriteCsv(Result result, string directory)
    {
        Directory.CreateDirectory(directory);
        using (var t = new StreamWriter(Path.Combine(directory, "templates.csv"), false, new UTF8Encoding(false)))
        {
            t.Write("id,template,count\n");
            foreach (var c in result.Templates.OrderByDescending(c => c.Count).ThenBy(c => c.Id, StringComparer.Ordinal))
            {
                t.Write($"{c.Id},{Csv(c.Template)},{c.Count.ToString(CultureInfo.InvariantCulture)}\n");
            }
        }

        using var a = new StreamWriter(Path.Combine(directory, "assignments.csv"), false, new UTF8Encoding(false));
        a.Write("line,id\n");
        for (var i = 0; i < result.LineTemplate.Count; i++)
        {
            a.Write((i + 1).ToString(CultureInfo.InvariantCulture));
            a.Write(',');
            a.Write(result.Templates[result.LineTemplate[i]].Id);
            a.Write('\n');
        }
    }

    internal static string Csv(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
