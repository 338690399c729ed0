using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Tests.Definition;

public class PipelineLoaderTests
{
    private static PipelineDefinitionException Fails(string yaml) =>
        Assert.Throws<PipelineDefinitionException>(() => PipelineHarness.Compile(yaml, "pipelines/bad.yml"));

    [Fact]
    public void A_pipeline_loads_its_name_condition_processors_and_on_failure()
    {
        var d = PipelineLoader.Parse("""
            name: demo
            description: a demo
            if: 'event.dataset: demo'
            processors:
              - set: { field: a, value: b, tag: first }
              - drop: { if: 'a: c' }
            on_failure:
              - set: { field: failed, value: true }
            """, "demo.yml", "fallback");
        Assert.Equal("demo", d.Name);
        Assert.Equal("event.dataset: demo", d.Condition);
        Assert.Equal(["set", "drop"], d.Processors.Select(p => p.Type));
        Assert.Equal("first", d.Processors[0].Tag);
        Assert.Equal("a: c", d.Processors[1].Condition);
        Assert.Single(d.OnFailure);
    }

    [Fact]
    public void The_file_name_is_the_default_pipeline_name()
    {
        var d = PipelineLoader.Parse("processors: [ { drop: {} } ]", "x/kernel.yml", "kernel");
        Assert.Equal("kernel", d.Name);
    }

    [Fact]
    public void An_unknown_processor_names_file_line_and_type()
    {
        var e = Fails("""
            processors:
              - set: { field: a, value: b }
              - frobnicate: { field: a }
            """);
        Assert.Equal("pipelines/bad.yml", e.Source);
        Assert.Equal(3, e.Line);
        Assert.Equal("frobnicate", e.Key);
        Assert.Contains("unknown processor type", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("pipelines/bad.yml:3:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_option_is_an_error_not_ignored()
    {
        var e = Fails("""
            processors:
              - rename:
                  field: a
                  target_feild: b
            """);
        Assert.Equal("target_feild", e.Key);
        Assert.Equal(4, e.Line);
    }

    [Fact]
    public void A_missing_required_option_is_named()
    {
        var e = Fails("processors:\n  - grok:\n      field: message\n");
        Assert.Equal("patterns", e.Key);
        Assert.Equal(2, e.Line);
    }

    [Fact]
    public void An_unknown_grok_pattern_points_at_patterns()
    {
        var e = Fails("processors:\n  - grok:\n      patterns: ['%{NOPE:x}']\n");
        Assert.Equal("patterns", e.Key);
        Assert.Contains("%{NOPE}", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void An_invalid_condition_points_at_if()
    {
        var e = Fails("if: 'a: (b or'\nprocessors: [ { drop: {} } ]\n");
        Assert.Equal("if", e.Key);
        Assert.Contains("invalid KQL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_yaml_reports_the_position()
    {
        var e = Fails("processors:\n  - set: { field: a\n");
        Assert.Contains("not valid YAML", e.Message, StringComparison.Ordinal);
        Assert.True(e.Line >= 2);
    }

    [Fact]
    public void A_pipeline_without_processors_is_rejected()
    {
        Assert.Equal("processors", Fails("name: x\n").Key);
    }

    [Fact]
    public void An_unknown_top_level_key_is_rejected()
    {
        var e = Fails("processor:\n  - drop: {}\n");
        Assert.Equal("processor", e.Key);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void A_wrong_value_type_is_reported()
    {
        var e = Fails("processors:\n  - remove: { field: a, ignore_missing: maybe }\n");
        Assert.Equal("ignore_missing", e.Key);
        Assert.Contains("true or false", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_pipeline_compiles()
    {
        var compiled = new PipelineCompiler(PipelineHarness.Context()).CompileDirectory(PipelineHarness.ShippedPipelines());
        Assert.Equal(["syslog", "kernel", "training", "nccl", "python-traceback", "json-app"], compiled.Select(p => p.Name));
    }
}
