using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// The indexer stage that mines templates online from <c>message</c> and sets <c>log.pattern.id</c> (a stable
/// hash of the template) and <c>log.pattern.template</c> on every event that has a message, so searches and
/// reports can group by pattern. One miner per process; calls are serialised.
/// </summary>
public sealed class LogPatternProcessor(DrainOptions? options = null, bool includeTemplate = true) : IDocumentProcessor
{
    public const string PatternIdField = "log.pattern.id";
    public const string PatternTemplateField = "log.pattern.template";

    private readonly DrainMiner _miner = new(options);
    private readonly Lock _gate = new();

    public int PatternCount
    {
        get
        {
            lock (_gate)
            {
                return _miner.Clusters.Count;
            }
        }
    }

    /// <summary>A snapshot of the templates mined so far, most frequent first.</summary>
    public IReadOnlyList<(string Id, string Template, long Count)> Snapshot()
    {
        lock (_gate)
        {
            return _miner.Clusters.OrderByDescending(c => c.Count).Select(c => (c.Id, c.Template, c.Count)).ToList();
        }
    }

    public ProcessOutcome Process(EcsDocument document)
    {
        if (document.GetString(EcsFields.Message) is not { Length: > 0 } message)
        {
            return ProcessOutcome.Keep;
        }

        var tokens = TokenMasker.Tokenize(message);
        string id, template;
        lock (_gate)
        {
            var cluster = _miner.Add(tokens);
            id = cluster.Id;
            template = includeTemplate ? cluster.Template : string.Empty;
        }

        document.Set(PatternIdField, id);
        if (includeTemplate)
        {
            document.Set(PatternTemplateField, template);
        }

        return ProcessOutcome.Keep;
    }
}
