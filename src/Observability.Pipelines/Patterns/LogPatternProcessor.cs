using Observability.Core.Documents;
using Observability.Core.Storage;

namespace Observability.Pipelines.Patterns;

/// <summary>
/// The indexer stage that mines templates online from <c>message</c> and sets <c>log.pattern.id</c> (a stable
/// hash of the template) and <c>log.pattern.template</c> on every event that has a message, so searches and
/// reports can group by pattern. A message no pipeline rewrote (it is still <c>event.original</c>, or there is
/// none) is a raw line: its header is learned per source (host and file, else dataset) by a
/// <see cref="HeaderDetector"/> and left out of the template. One miner per process; calls are serialised.
/// </summary>
public sealed class LogPatternProcessor(DrainOptions? options = null, bool includeTemplate = true) : IDocumentProcessor
{
    public const string PatternIdField = "log.pattern.id";
    public const string PatternTemplateField = "log.pattern.template";

    /// <summary>Sources whose header is learned; past it, new sources get the per-line rule only.</summary>
    public const int MaxSources = 1024;

    private readonly DrainMiner _miner = new(options);
    private readonly Dictionary<string, HeaderDetector> _headers = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int PatternCount
    {
        get
        {
            lock (_gate)
            {
                return _miner.TemplateCount;
            }
        }
    }

    /// <summary>A snapshot of the templates mined so far, most frequent first.</summary>
    public IReadOnlyList<(string Id, string Template, long Count)> Snapshot()
    {
        lock (_gate)
        {
            return _miner.Clusters.Where(c => c.MergedInto is null).OrderByDescending(c => c.Count).Select(c => (c.Id, c.Template, c.Count)).ToList();
        }
    }

    public ProcessOutcome Process(EcsDocument document)
    {
        if (document.GetString(EcsFields.Message) is not { Length: > 0 } message)
        {
            return ProcessOutcome.Keep;
        }

        var raw = document[EcsFields.EventOriginal] is not string original || string.Equals(original, message, StringComparison.Ordinal);
        string id, template;
        lock (_gate)
        {
            var text = !raw ? message : Detector(document) is { } detector ? detector.Message(message) : HeaderLayout.None.Message(message);
            var cluster = _miner.Add(TokenMasker.Tokenize(text));
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

    private HeaderDetector? Detector(EcsDocument document)
    {
        var source = document.GetString(EcsFields.LogFilePath) is { Length: > 0 } path
            ? document.GetString(EcsFields.HostName) + "\u0001" + path
            : document.GetString(EcsFields.DataStreamDataset) ?? document.GetString(EcsFields.EventDataset) ?? string.Empty;
        if (_headers.TryGetValue(source, out var detector))
        {
            return detector;
        }

        if (_headers.Count >= MaxSources)
        {
            return null;
        }

        _headers[source] = detector = new HeaderDetector();
        return detector;
    }
}
