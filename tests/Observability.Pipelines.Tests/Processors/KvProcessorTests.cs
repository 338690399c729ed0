using Observability.Core.Documents;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

public class KvProcessorTests
{
    [Fact]
    public void Splits_pairs_with_prefix_and_include_keys()
    {
        var (_, d) = Run(Processor("kv: { prefix: t., include_keys: [step, loss] }"), Doc("step=10 loss=0.5 rank=3 noise"));
        Assert.Equal("10", d["t.step"]);
        Assert.Equal("0.5", d["t.loss"]);
        Assert.False(d.Contains("t.rank"));
    }

    [Fact]
    public void Regex_separators_trim_and_strip_brackets()
    {
        var (_, d) = Run(Processor("kv: { field_split: ',\\s*', value_split: ':\\s*', trim_key: ' ', strip_brackets: true, exclude_keys: [b] }"), Doc("a: \"x y\", b: 2,  c:[z]"));
        Assert.Equal("x y", d["a"]);
        Assert.False(d.Contains("b"));
        Assert.Equal("z", d["c"]);
    }

    [Fact]
    public void Target_field_nests_the_keys()
    {
        var (_, d) = Run(Processor("kv: { target_field: labels }"), Doc("a=1"));
        Assert.Equal("1", d["labels.a"]);
    }

    [Fact]
    public void No_pairs_is_a_failure()
    {
        var (_, d) = Run(Processor("kv: {}"), Doc("nothing to split here"));
        Assert.Contains("_kv_failure", Tags(d));
        Assert.Contains("no key/value pairs", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_regex_separator_is_a_load_error()
    {
        var e = Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("kv: { field_split: '(' }"));
        Assert.Equal("field_split", e.Key);
    }
}
