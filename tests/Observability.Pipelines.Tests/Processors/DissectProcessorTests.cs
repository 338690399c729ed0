using Observability.Core.Documents;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

public class DissectProcessorTests
{
    [Fact]
    public void Splits_on_literal_delimiters()
    {
        var (_, d) = Run(Processor("dissect: { pattern: '%{a} [%{b}] %{c}' }"), Doc("one [two three] rest of it"));
        Assert.Equal("one", d["a"]);
        Assert.Equal("two three", d["b"]);
        Assert.Equal("rest of it", d["c"]);
    }

    [Fact]
    public void Right_padding_skips_repeated_delimiters()
    {
        var (_, d) = Run(Processor("dissect: { pattern: '%{ts} %{level->} %{msg}' }"), Doc("12:00 INFO    started"));
        Assert.Equal("INFO", d["level"]);
        Assert.Equal("started", d["msg"]);
    }

    [Fact]
    public void Without_padding_repeated_delimiters_give_empty_keys()
    {
        var (_, d) = Run(Processor("dissect: { pattern: '%{ts} %{level} %{msg}' }"), Doc("12:00 INFO  started"));
        Assert.Equal(" started", d["msg"]);
    }

    [Fact]
    public void Append_and_skip_modifiers()
    {
        var (_, d) = Run(Processor("dissect: { pattern: '%{+name} %{?ignored} %{+name} %{}', append_separator: '-' }"), Doc("a x b y"));
        Assert.Equal("a-b", d["name"]);
        Assert.False(d.Contains("ignored"));
    }

    [Fact]
    public void A_prefix_must_match()
    {
        var (_, d) = Run(Processor("dissect: { pattern: 'ts=%{ts} %{rest}' }"), Doc("time=1 x"));
        Assert.Contains("_dissect_failure", Tags(d));
    }

    [Fact]
    public void A_value_that_does_not_fit_writes_nothing()
    {
        var (_, d) = Run(Processor("dissect: { pattern: '%{a} %{b}|%{c}' }"), Doc("x y z"));
        Assert.False(d.Contains("a"));
        Assert.Contains("unable to find match", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void Adjacent_keys_without_delimiter_are_a_load_error()
    {
        Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("dissect: { pattern: '%{a}%{b}' }"));
    }
}
