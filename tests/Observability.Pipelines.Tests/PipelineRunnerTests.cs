using Microsoft.Extensions.DependencyInjection;
using Observability.Core.Documents;
using Observability.Core.Options;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;
using Observability.Pipelines.Patterns;
using Observability.Pipelines.Tools;

namespace Observability.Pipelines.Tests;

public sealed class PipelineRunnerTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "obs-pipelines-" + Guid.NewGuid().ToString("N"));

    public PipelineRunnerTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Write(string name, string yaml) => File.WriteAllText(Path.Combine(_dir, name), yaml);

    [Fact]
    public void Pipelines_run_in_file_order_and_a_route_feeds_the_next_one()
    {
        Write("20-second.yml", "if: 'event.dataset: b'\nprocessors:\n  - set: { field: second, value: '{{first}}' }\n");
        Write("10-first.yml", "if: 'event.dataset: a'\nprocessors:\n  - set: { field: first, value: ran }\n  - route: { dataset: b }\n");
        var runner = PipelineRunner.Load(new PipelineRunnerOptions { Directory = _dir }, PipelineHarness.Context());
        var doc = new EcsDocument { Message = "x" };
        doc.Set(EcsFields.EventDataset, "a");
        Assert.Equal(ProcessOutcome.Keep, runner.Process(doc));
        Assert.Equal("ran", doc["second"]);
        Assert.Equal("x", doc[EcsFields.EventOriginal]);
        Assert.Equal(["10-first", "20-second"], runner.Pipelines.Select(p => p.Name));
    }

    [Fact]
    public void Drops_are_counted_by_runner_and_pipeline()
    {
        Write("drop.yml", "processors:\n  - drop: { if: 'log.level: debug' }\n");
        var runner = PipelineRunner.Load(new PipelineRunnerOptions { Directory = _dir }, PipelineHarness.Context());
        var debug = new EcsDocument { Message = "x" };
        debug.Set("log.level", "debug");
        Assert.Equal(ProcessOutcome.Drop, runner.Process(debug));
        Assert.Equal(ProcessOutcome.Keep, runner.Process(new EcsDocument { Message = "y" }));
        Assert.Equal(1, runner.Dropped);
        Assert.Equal(2, runner.Received);
        Assert.Equal(1, runner.Pipelines[0].Dropped);
    }

    [Fact]
    public void A_bad_file_fails_loading_with_its_location()
    {
        Write("ok.yml", "processors: [ { drop: {} } ]\n");
        Write("bad.yml", "processors:\n  - grok: { field: message, patterns: ['%{NOPE}'] }\n");
        var e = Assert.Throws<PipelineDefinitionException>(() => PipelineRunner.Load(new PipelineRunnerOptions { Directory = _dir }));
        Assert.EndsWith("bad.yml", e.Source, StringComparison.Ordinal);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void Options_validation_names_the_bad_key()
    {
        Assert.Equal("pipelines.pattern_similarity", Assert.Throws<ObsConfigException>(() => new PipelineRunnerOptions { PatternSimilarity = 2 }.Validate()).Key);
        Assert.Equal("pipelines.directory", Assert.Throws<ObsConfigException>(() => new PipelineRunnerOptions { Directory = " " }.Validate()).Key);
        Assert.Throws<DirectoryNotFoundException>(() => PipelineRunner.Load(new PipelineRunnerOptions { Directory = Path.Combine(_dir, "missing") }));
    }

    [Fact]
    public void AddPipelines_registers_the_runner_then_the_pattern_miner()
    {
        Write("p.yml", "processors:\n  - set: { field: seen, value: true }\n");
        using var provider = new ServiceCollection().AddPipelines(o => o.Directory = _dir).BuildServiceProvider();
        var stages = provider.GetServices<IDocumentProcessor>().ToList();
        Assert.IsType<PipelineRunner>(stages[0]);
        Assert.IsType<LogPatternProcessor>(stages[1]);
        var doc = new EcsDocument { Message = "GPU 3 at 81C" };
        foreach (var s in stages)
        {
            s.Process(doc);
        }

        Assert.Equal(true, doc["seen"]);
        Assert.Equal("GPU <*> at <*>", doc[LogPatternProcessor.PatternTemplateField]);
    }

    [Fact]
    public void Pattern_mining_can_be_switched_off()
    {
        Write("p.yml", "processors: [ { drop: { if: 'a: b' } } ]\n");
        Assert.Single(PipelineStage.Create(new PipelineRunnerOptions { Directory = _dir, MinePatterns = false }));
    }

    [Fact]
    public void The_tester_shows_input_and_output_and_whether_the_condition_matched()
    {
        Write("t.yml", "if: 'event.dataset: demo'\nprocessors:\n  - dissect: { pattern: '%{a} %{b}' }\n  - drop: { if: 'a: junk' }\n");
        var cases = PipelineTester.Run(Path.Combine(_dir, "t.yml"), ["x y", "", "junk z", "nospace"], "demo", documents: false).ToList();
        Assert.Equal([1, 3, 4], cases.Select(c => c.Line));
        Assert.Equal("x", cases[0].Output!["a"]);
        Assert.False(cases[0].Input.Contains("a"));
        Assert.Null(cases[1].Output);
        Assert.Contains("_dissect_failure", PipelineHarness.Tags(cases[2].Output!));
        Assert.All(cases, c => Assert.True(c.Applied));
    }

    [Fact]
    public void The_tester_accepts_whole_documents()
    {
        Write("t.yml", "processors:\n  - lowercase: { field: log.level }\n");
        var c = PipelineTester.Run(Path.Combine(_dir, "t.yml"), ["""{"message":"m","log":{"level":"WARN"}}"""], null, documents: true).Single();
        Assert.Equal("warn", c.Output!["log.level"]);
    }
}
