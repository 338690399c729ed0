using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;

namespace Observability.Pipelines.Tools;

/// <summary>
/// Runs one pipeline file over sample input exactly as the indexer would (condition, processors, final
/// redaction), for <c>obs pipelines test</c>: lines become <c>message</c>, or whole ECS JSON documents with
/// <c>documents</c>.
/// </summary>
public static class PipelineTester
{
    public sealed record Case(int Line, EcsDocument Input, EcsDocument? Output, bool Applied);

    public static IEnumerable<Case> Run(string pipelineFile, IEnumerable<string> input, string? dataset, bool documents, TimeProvider? time = null)
    {
        var compiler = new PipelineCompiler(ProcessorContext.Default(time));
        var pipeline = compiler.CompileFile(pipelineFile);
        var runner = new PipelineRunner([pipeline], compiler.Context.Redactor);
        var number = 0;
        foreach (var line in input)
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            var doc = documents ? EcsJson.Parse(line) : new EcsDocument { Message = line };
            if (dataset is not null)
            {
                doc.Set(EcsFields.EventDataset, dataset);
                doc.Set(EcsFields.DataStreamDataset, dataset);
            }

            var before = doc.Clone();
            var applied = pipeline.Applies(doc);
            var outcome = runner.Process(doc);
            yield return new Case(number, before, outcome == ProcessOutcome.Drop ? null : doc, applied);
        }
    }
}
