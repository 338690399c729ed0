namespace Observability.Pipelines.Patterns;

/// <summary>
/// Online log-template mining with Drain's fixed-depth parse tree: lines are masked and tokenised, routed
/// by token count and then by their first tokens (a token with a digit routes through the wildcard
/// child), and join the most similar template in the leaf when at least <see cref="DrainOptions.Similarity"/>
/// of the tokens agree (a masked token agrees with a wildcard); differing positions become <c>&lt;*&gt;</c>.
/// A <c>key=value</c> token routes by its key. Words in the routing positions are taken as constants, which
/// keeps <c>session opened</c> apart from <c>session closed</c>, and so is one word that alone tells a line
/// from a template (<c>Link up</c>, <c>Link down</c>); but when a third template appears that differs from two
/// others only in the same word (<c>START: ftp …</c>, <c>START: rsync …</c>, <c>START: swat …</c>), that word
/// is a parameter and the templates are merged (lines of each are reported under the first).
/// Not thread-safe: callers serialise.
/// </summary>
public sealed partial class DrainMiner
{
    private readonly DrainOptions _options;
    private readonly Dictionary<int, Node> _byLength = [];
    private readonly List<LogCluster> _clusters = [];
    private readonly Dictionary<string, List<LogCluster>> _siblings = new(StringComparer.Ordinal);

    /// <summary>Templates differing in one routing word that make it a parameter.</summary>
    private const int SiblingsToMerge = 3;

    public DrainMiner(DrainOptions? options = null)
    {
        _options = options ?? new DrainOptions();
        _options.Validate();
    }

    public IReadOnlyList<LogCluster> Clusters => _clusters;

    /// <summary>Adds a line and returns the template it joined or created.</summary>
    public LogCluster Add(string line) => Add(TokenMasker.Tokenize(line));

    public LogCluster Add(string[] tokens)
    {
        var leaf = Leaf(tokens, create: true)!;
        var (best, _) = Best(leaf, tokens);
        var merged = best is null ? null : Merge(best.Tokens, tokens);
        if (best is not null && merged is not null && SwappedWord(best.Tokens, merged, tokens) is { } at)
        {
            best = WordSlot(leaf, best, tokens, at);
            merged = best is null ? null : Merge(best.Tokens, tokens);
        }

        if (best is not null)
        {
            if (merged is not null)
            {
                best.Generalise(merged);
                AbsorbSpecialisations(leaf, best);
            }

            var root = best.Root;
            root.Count++;
            return root;
        }

        var cluster = new LogCluster(tokens) { Count = 1 };
        if (_clusters.Count < _options.MaxClusters)
        {
            leaf.Clusters!.Add(cluster);
            _clusters.Add(cluster);
            MergeSiblings(cluster);
        }

        return cluster.Root;
    }

    /// <summary>Templates that are reported (not merged into another).</summary>
    public int TemplateCount => _clusters.Count(c => c.MergedInto is null);

    private void MergeSiblings(LogCluster cluster)
    {
        var tokens = cluster.Tokens;
        var levels = Math.Min(_options.Depth - 2, tokens.Length);
        for (var p = 0; p < levels; p++)
        {
            if (RoutingKey(tokens[p]) == TokenMasker.Wildcard)
            {
                continue;
            }

            var blanked = (string[])tokens.Clone();
            blanked[p] = "\0";
            var key = string.Join('\u0001', blanked);
            if (!_siblings.TryGetValue(key, out var list))
            {
                _siblings[key] = list = [];
            }

            list.Add(cluster);
            if (list.Count < SiblingsToMerge)
            {
                continue;
            }

            var root = list[0].Root;
            foreach (var other in list)
            {
                var r = other.Root;
                if (!ReferenceEquals(r, root))
                {
                    r.MergedInto = root;
                    root.Count += r.Count;
                }
            }

            if (root.Tokens.Length == tokens.Length && root.Tokens[p] != TokenMasker.Wildcard)
            {
                var generalised = (string[])root.Tokens.Clone();
                generalised[p] = TokenMasker.Wildcard;
                root.Generalise(generalised);
            }
        }
    }

    /// <summary>The template a line matches now, without learning from it (for a second, assigning pass).</summary>
    public LogCluster? Match(string line)
    {
        var tokens = TokenMasker.Tokenize(line);
        var leaf = Leaf(tokens, create: false);
        return leaf is null ? null : Best(leaf, tokens).Cluster;
    }

    private Node? Leaf(string[] tokens, bool create)
    {
        if (!_byLength.TryGetValue(tokens.Length, out var node))
        {
            if (!create)
            {
                return null;
            }

            _byLength[tokens.Length] = node = new Node();
        }

        var levels = Math.Min(_options.Depth - 2, tokens.Length);
        for (var i = 0; i < levels; i++)
        {
            var token = RoutingKey(tokens[i]);
            node.Children ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (node.Children.TryGetValue(token, out var child))
            {
                node = child;
                continue;
            }

            if (node.Children.TryGetValue(TokenMasker.Wildcard, out var wild) && (!create || node.Children.Count >= _options.MaxChildren))
            {
                node = wild;
                continue;
            }

            if (!create)
            {
                return null;
            }

            var key = node.Children.Count >= _options.MaxChildren - 1 ? TokenMasker.Wildcard : token;
            if (!node.Children.TryGetValue(key, out child))
            {
                node.Children[key] = child = new Node();
            }

            node = child;
        }

        node.Clusters ??= [];
        return node;
    }

    private static string RoutingKey(string token)
    {
        var eq = token.IndexOf('=', StringComparison.Ordinal);
        if (eq > 0)
        {
            return token[..(eq + 1)];
        }

        return token.AsSpan().ContainsAnyInRange('0', '9') || token.Contains(TokenMasker.Wildcard, StringComparison.Ordinal) ? TokenMasker.Wildcard : token;
    }

    private (LogCluster? Cluster, double Similarity) Best(Node leaf, string[] tokens)
    {
        LogCluster? best = null;
        var bestSim = -1.0;
        var bestParams = -1;
        foreach (var cluster in leaf.Clusters ?? [])
        {
            var (sim, parameters) = Similarity(cluster.Tokens, tokens);
            if (sim > bestSim || (sim == bestSim && parameters > bestParams))
            {
                best = cluster;
                bestSim = sim;
                bestParams = parameters;
            }
        }

        return bestSim >= _options.Similarity ? (best, bestSim) : (null, bestSim);
    }

    /// <summary>
    /// Where a line goes that differs from <paramref name="best"/> by one word at <paramref name="at"/>: into a
    /// template of the leaf that has a wildcard there and fits the line elsewhere; else, when the leaf holds
    /// templates that fit the line but for a third word there, the word is a parameter and those templates
    /// merge into <paramref name="best"/>'s, which the line joins; else nowhere (null: its own template).
    /// </summary>
    private static LogCluster? WordSlot(Node leaf, LogCluster best, string[] tokens, int at)
    {
        List<LogCluster>? siblings = null;
        foreach (var c in leaf.Clusters!)
        {
            if (ReferenceEquals(c, best) || c.Tokens.Length != tokens.Length || !Fits(c.Tokens, tokens, at))
            {
                continue;
            }

            if (c.Tokens[at] == TokenMasker.Wildcard)
            {
                return c;
            }

            if (IsPlainWord(c.Tokens[at]) && c.Tokens[at] != tokens[at] && c.Tokens[at] != best.Tokens[at] && !ReferenceEquals(c.Root, best.Root))
            {
                (siblings ??= []).Add(c);
            }
        }

        if (siblings is null)
        {
            return null;
        }

        var root = best.Root;
        foreach (var c in siblings)
        {
            var r = c.Root;
            if (!ReferenceEquals(r, root))
            {
                r.MergedInto = root;
                root.Count += r.Count;
            }
        }

        return best;
    }

    /// <summary>
    /// Templates of the leaf that the newly generalised <paramref name="general"/> covers (a template kept apart
    /// for one word, before that word proved a parameter) are merged into it.
    /// </summary>
    private static void AbsorbSpecialisations(Node leaf, LogCluster general)
    {
        var root = general.Root;
        foreach (var c in leaf.Clusters!)
        {
            if (c.Tokens.Length == general.Tokens.Length && !ReferenceEquals(c.Root, root) && Fits(general.Tokens, c.Tokens, -1))
            {
                var r = c.Root;
                r.MergedInto = root;
                root.Count += r.Count;
            }
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children { get; set; }

        public List<LogCluster>? Clusters { get; set; }
    }
}
