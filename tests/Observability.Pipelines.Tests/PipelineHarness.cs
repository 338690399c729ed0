using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Tests;

/// <summary>Compiles pipeline YAML written in a test and runs it on documents.</summary>
internal static class PipelineHarness
{
    public static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    public static ProcessorContext Context() => ProcessorContext.Default(new FakeTimeProvider(Now));

    public static CompiledPipeline Compile(string yaml, string source = "test.yml") =>
        new PipelineCompiler(Context()).Compile(PipelineLoader.Parse(yaml, source, "test"));

    /// <summary>A pipeline of one processor: <paramref name="processorYaml"/> is the list item body.</summary>
    public static CompiledPipeline Processor(string processorYaml) =>
        Compile("processors:\n  - " + processorYaml.ReplaceLineEndings("\n    ") + "\n");

    public static EcsDocument Doc(string message) => new() { Message = message };

    public static (ProcessOutcome Outcome, EcsDocument Doc) Run(CompiledPipeline pipeline, EcsDocument doc) => (pipeline.Run(doc), doc);

    public static IReadOnlyList<string> Tags(EcsDocument doc) =>
        doc[EcsFields.Tags] is IEnumerable<object?> list ? list.Select(t => t?.ToString() ?? string.Empty).ToList() : [];

    /// <summary>The repository's pipelines/ directory, found upwards from the test binaries.</summary>
    public static string ShippedPipelines()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !Directory.Exists(Path.Combine(dir.FullName, "pipelines")))
        {
            dir = dir.Parent;
        }

        return dir is null ? throw new DirectoryNotFoundException("pipelines/ not found above the test binaries") : Path.Combine(dir.FullName, "pipelines");
    }
}
