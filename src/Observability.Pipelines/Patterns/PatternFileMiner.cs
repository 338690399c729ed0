using System.Globalization;
using System.Text;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// Mines the templates of a plain log file (<c>obs patterns</c>): every line joins a template online; at the
/// end each line is reported with the final id of the template it joined, so <c>templates.csv</c> and
/// <c>assignments.csv</c> agree (the count of a template is the number of its lines).
/// </summary>
public static class PatternFileMiner
{
    public sealed record Result(IReadOnlyList<LogCluster> Templates, IReadOnlyList<int> LineTemplate, long Lines);

    public static Result Mine(IEnumerable<string> lines, DrainOptions? options = null)
    {
        var miner = new DrainMiner(options);
        var index = new Dictionary<LogCluster, int>(ReferenceEqualityComparer.Instance);
        var templates = new List<LogCluster>();
        var assignment = new List<int>();
        var counts = new List<long>();
        foreach (var line in lines)
        {
            var cluster = miner.Add(line);
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

        for (var i = 0; i < templates.Count; i++)
        {
            templates[i].Count = counts[i];
        }

        return new Result(templates, assignment, assignment.Count);
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
