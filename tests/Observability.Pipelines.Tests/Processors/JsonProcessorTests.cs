using Observability.Core.Documents;
using Observability.Core.Storage;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

public class JsonProcessorTests
{
    [Fact]
    public void Nested_objects_become_dotted_fields_at_the_root()
    {
        var (_, d) = Run(Processor("json: { field: message }"), Doc("""{"log":{"level":"warn"},"n":3,"x":1.5,"ok":true,"tags":["a","b"]}"""));
        Assert.Equal("warn", d["log.level"]);
        Assert.Equal(3L, d["n"]);
        Assert.Equal(1.5, d["x"]);
        Assert.Equal(true, d["ok"]);
        Assert.Equal(["a", "b"], ((IEnumerable<object?>)d["tags"]!).Cast<string>());
    }

    [Fact]
    public void Target_field_puts_the_object_under_a_prefix()
    {
        var (_, d) = Run(Processor("json: { field: message, target_field: app }"), Doc("""{"user":{"id":7}}"""));
        Assert.Equal(7L, d["app.user.id"]);
    }

    [Fact]
    public void Invalid_json_fails_keeps_the_event_and_tags_it()
    {
        var (outcome, d) = Run(Processor("json: { field: message }"), Doc("{not json"));
        Assert.Equal(ProcessOutcome.Keep, outcome);
        Assert.Equal("{not json", d.Message);
        Assert.Contains("_pipeline_failure", Tags(d));
        Assert.Contains("_json_failure", Tags(d));
        Assert.Contains("not valid JSON", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_array_is_not_an_object()
    {
        var (_, d) = Run(Processor("json: { field: message }"), Doc("[1,2]"));
        Assert.Contains("not an object", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void Oversized_input_fails_without_parsing()
    {
        var (_, d) = Run(Processor("json: { field: message, max_bytes: 10 }"), Doc("""{"a":"0123456789"}"""));
        Assert.Contains("larger than 10", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
        Assert.False(d.Contains("a"));
    }

    [Fact]
    public void A_missing_field_fails_unless_ignore_missing()
    {
        var (_, failed) = Run(Processor("json: { field: body }"), Doc("x"));
        Assert.Contains("[body] not present", failed.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
        var (_, ok) = Run(Processor("json: { field: body, ignore_missing: true }"), Doc("x"));
        Assert.False(ok.Contains(EcsFields.ErrorMessage));
    }
}
