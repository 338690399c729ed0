using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Redaction;

namespace Observability.Pipelines;

/// <summary>
/// Runs every loaded pipeline whose condition matches an event, in file-name order, with secrets redacted
/// from the raw message before any pipeline and from every field after them all (so a pipeline that fails
/// half-way, splits a secret from its context, or forgets a <c>redact</c> step still stores nothing
/// secret). Thread-safe: pipelines are immutable after compilation.
/// </summary>
public sealed class PipelineRunner : IDocumentProcessor
{
    private readonly CompiledPipeline[] _pipelines;
    private readonly SecretRedactor? _redactor;
    private readonly bool _preserveOriginal;
    private long _received;
    private long _dropped;
    private long _redacted;

    public PipelineRunner(IEnumerable<CompiledPipeline> pipelines, SecretRedactor? redactor, bool preserveOriginal = true)
    {
        _pipelines = [.. pipelines];
        _redactor = redactor;
        _preserveOriginal = preserveOriginal;
    }

    public IReadOnlyList<CompiledPipeline> Pipelines => _pipelines;

    public long Received => Interlocked.Read(ref _received);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Values changed by the final redaction pass.</summary>
    public long Redacted => Interlocked.Read(ref _redacted);

    /// <summary>Loads and compiles every pipeline of the options' directory; a bad file fails start-up with its line and key.</summary>
    public static PipelineRunner Load(PipelineRunnerOptions options, ProcessorContext? context = null)
    {
        options.Validate();
        var compiler = new PipelineCompiler(context ?? ProcessorContext.Default());
        return new PipelineRunner(
            compiler.CompileDirectory(options.Directory),
            options.RedactAll ? compiler.Context.Redactor : null,
            options.PreserveOriginal);
    }

    public ProcessOutcome Process(EcsDocument document)
    {
        Interlocked.Increment(ref _received);
        string? clean = null;
        if (_redactor is not null && document[EcsFields.Message] is string raw)
        {
            // Secrets are recognised by their context (the "Bearer " before a token, the "password=" before a
            // value); parsing separates the two, so the raw line is cleaned before any pipeline sees it.
            clean = _redactor.Redact(raw);
            if (!ReferenceEquals(clean, raw))
            {
                document.Set(EcsFields.Message, clean);
                Interlocked.Increment(ref _redacted);
            }
        }

        if (_preserveOriginal && !document.Contains(EcsFields.EventOriginal) && document[EcsFields.Message] is string message)
        {
            document.Set(EcsFields.EventOriginal, message);
        }

        foreach (var pipeline in _pipelines)
        {
            if (pipeline.Applies(document) && pipeline.Run(document) == ProcessOutcome.Drop)
            {
                Interlocked.Increment(ref _dropped);
                return ProcessOutcome.Drop;
            }
        }

        if (_redactor is not null)
        {
            var changed = _redactor.RedactDocument(document, knownClean: clean);
            if (changed > 0)
            {
                Interlocked.Add(ref _redacted, changed);
            }
        }

        return ProcessOutcome.Keep;
    }
}
