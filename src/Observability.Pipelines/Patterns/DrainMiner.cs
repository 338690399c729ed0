namespace Observability.Pipelines.Patterns;

/// <summary>
/// Online log-template mining with Drain's fixed-depth parse tree: lines are masked and tokenised, routed
/// by token count and then by their first tokens (a token with a digit routes through the wildcard
/// child), and join the most similar template in the leaf when at least <see cref="DrainOptions.Similarity"/>
/// of the tokens agree (a masked token agrees with a wildcard); differing positions become <c>&lt;*&gt;</c>.
/// Not thread-safe: callers serialise.
/// </summary>
public sealed class DrainMiner
{
    private readonly DrainOptions _options;
    private readonly Dictionary<int, Node> _byLength = [];
    private readonly List<LogCluster> _clusters = [];

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
        if (best is not null)
        {
            var merged = Merge(best.Tokens, tokens);
            if (merged is not null)
            {
                best.Generalise(merged);
            }

            best.Count++;
            return best;
        }

        var cluster = new LogCluster(tokens) { Count = 1 };
        if (_clusters.Count < _options.MaxClusters)
        {
            leaf.Clusters!.Add(cluster);
            _clusters.Add(cluster);
        }

        return cluster;
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

    private static string RoutingKey(string token) =>
        token.AsSpan().ContainsAnyInRange('0', '9') || token.Contains(TokenMasker.Wildcard, StringComparison.Ordinal) ? TokenMasker.Wildcard : token;

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
        }

        return ((double)same / template.Length, parameters);
    }

    /// <summary>The generalised template, or null when the line changes nothing.</summary>
    private static string[]? Merge(string[] template, string[] tokens)
    {
        string[]? merged = null;
        for (var i = 0; i < template.Length; i++)
        {
            if (template[i] != TokenMasker.Wildcard && !string.Equals(template[i], tokens[i], StringComparison.Ordinal))
            {
                merged ??= (string[])template.Clone();
                merged[i] = TokenMasker.Wildcard;
            }
        }

        return merged;
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Children { get; set; }

        public List<LogCluster>? Clusters { get; set; }
    }
}
