using System.Globalization;
using System.Text;

namespace Observability.Query.Tests.Differential;

/// <summary>Random KQL text over <see cref="GeneratedCorpus"/>'s fields and values, covering every construct.</summary>
internal sealed class QueryGenerator(int seed)
{
    private readonly Random _rng = new(seed);

    public string Next() => Clause(depth: 0);

    private string Clause(int depth)
    {
        var r = _rng.Next(depth >= 3 ? 10 : 14);
        return r switch
        {
            10 => $"{Clause(depth + 1)} and {Clause(depth + 1)}",
            11 => $"{Clause(depth + 1)} or {Clause(depth + 1)}",
            12 => $"not {Wrap(Clause(depth + 1))}",
            13 => $"({Clause(depth + 1)} or {Clause(depth + 1)}) and {Clause(depth + 1)}",
            _ => Leaf(),
        };
    }

    private static string Wrap(string s) => "(" + s + ")";

    private string Leaf()
    {
        var rng = _rng;
        switch (rng.Next(22))
        {
            case 0: return Word();
            case 1: return Quote(Word() + " " + Word());
            case 2: return "message:" + Word();
            case 3: return "message:" + Quote(GeneratedCorpus.Message(rng));
            case 4: return "message:" + Prefix(Word()) + "*";
            case 5: return "log.level:" + Pick(GeneratedCorpus.Levels.Append("nope").ToArray());
            case 6: return "log.level:(" + Pick(GeneratedCorpus.Levels) + " or " + Pick(GeneratedCorpus.Levels) + ")";
            case 7: return "service.name:" + Escape(Prefix(Pick(GeneratedCorpus.Services))) + "*";
            case 8: return "host.name:" + Pick(["*node*", "gpu-node-0*", "*.example", "cpu-?", "gpu-node-01"]);
            case 9: return "tags:" + Pick(["prod", "gpu", Quote("Noisy tag"), "x\\*y", "x*", "Noisy*", "*"]);
            case 10: return "http.response.status_code" + Op() + Pick(GeneratedCorpus.Codes).ToString(CultureInfo.InvariantCulture);
            case 11: return "http.response.status_code:" + Pick(["404", "500", "404.0", "abc", "5*", "*"]);
            case 12: return "gpu.utilization.pct" + Op() + Pick(["0.5", "0.25", "1", "0"]);
            case 13: return "user.name:" + Quote(Pick(GeneratedCorpus.Users));
            case 14: return "event.duration" + Op() + rng.Next(0, 5_000_000).ToString(CultureInfo.InvariantCulture);
            case 15: return Pick(["labels.*:prod", "labels.*:42", "http.*:404", "*.pct >= 0.5", "labels.*:*", "gpu.*:*", "us*:alice"]);
            case 16: return "labels.code" + Pick([":42", ":42.0", ":abc", " > 10", " < abc", " >= 7"]);
            case 17: return "@timestamp" + Op() + Quote(GeneratedCorpus.Start.AddMinutes(rng.Next(0, 2880)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            case 18: return "event.created" + Op() + Quote(GeneratedCorpus.Start.AddMinutes(rng.Next(0, 2880)).ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture));
            case 19: return Pick(["trace.id:*", "error.message:*", "flag:true", "flag:false", "missing.field:*", "user:*", "trace.id:t1*"]);
            case 20: return "error.message:" + Pick([Word(), Quote(Word() + " " + Word()), Prefix(Word()) + "*"]);
            default: return "service.name" + Pick([" > m", " <= sched", " < api"]);
        }
    }

    private string Op() => Pick([" < ", " <= ", " > ", " >= ", ":"]);

    private string Word() => Escape(_rng.Next(3) == 0 ? GeneratedCorpus.Pick(_rng, GeneratedCorpus.Words).ToLowerInvariant() : GeneratedCorpus.Pick(_rng, GeneratedCorpus.Words));

    private string Prefix(string w) => w.Length <= 2 ? w : w[.._rng.Next(1, w.Length)];

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string Escape(string s)
    {
        var sb = new StringBuilder();
        foreach (var c in s)
        {
            if (c is '\\' or '(' or ')' or ':' or '<' or '>' or '"' or '*' or '{' or '}' or ' ')
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
