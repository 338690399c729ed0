using Observability.Core.Documents;
using Observability.Core.Storage;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

public class OnFailureTests
{
    [Fact]
    public void Without_handlers_the_event_is_kept_tagged_and_the_pipeline_stops()
    {
        var p = Compile("""
            name: p
            processors:
              - set: { field: a, value: 1 }
              - grok: { patterns: ['^%{INT:n}$'] }
              - set: { field: after, value: 1 }
            """);
        var (outcome, d) = Run(p, Doc("not a number"));
        Assert.Equal(ProcessOutcome.Keep, outcome);
        Assert.Equal(1L, d["a"]);
        Assert.False(d.Contains("after"));
        Assert.Equal(["_pipeline_failure", "_grok_failure"], Tags(d));
        Assert.StartsWith("pipeline [p] processor grok at test.yml:4: ", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
        Assert.Equal(1, p.Failed);
    }

    [Fact]
    public void Pipeline_on_failure_handlers_run_after_tagging()
    {
        var p = Compile("""
            processors:
              - convert: { field: v, type: long }
            on_failure:
              - set: { field: event.kind, value: pipeline_error }
              - set: { field: reason, value: '{{_ingest.on_failure_message}}' }
            """);
        var d = new EcsDocument();
        d.Set("v", "x");
        p.Run(d);
        Assert.Equal("pipeline_error", d["event.kind"]);
        Assert.Contains("cannot be converted", d.GetString("reason"), StringComparison.Ordinal);
        Assert.Contains("_convert_failure", Tags(d));
        Assert.False(d.Contains("_ingest.on_failure_message"));
    }

    [Fact]
    public void A_processor_handler_takes_over_and_the_pipeline_goes_on()
    {
        var p = Compile("""
            processors:
              - dissect:
                  pattern: '%{a} %{b}'
                  on_failure:
                    - json: { field: message }
              - set: { field: after, value: 1 }
            """);
        var (_, json) = Run(p, Doc("""{"a":"x"}"""));
        Assert.Equal("x", json["a"]);
        Assert.Equal(1L, json["after"]);
        Assert.Empty(Tags(json));
        Assert.False(json.Contains(EcsFields.ErrorMessage));

        var (_, neither) = Run(p, Doc("neither"));
        Assert.Equal(["_pipeline_failure", "_json_failure"], Tags(neither));
        Assert.Equal(1L, neither["after"]);
    }

    [Fact]
    public void Ignore_failure_skips_silently()
    {
        var p = Compile("processors:\n  - grok: { patterns: ['^%{INT:n}$'], ignore_failure: true }\n  - set: { field: after, value: 1 }\n");
        var (_, d) = Run(p, Doc("x"));
        Assert.Equal(1L, d["after"]);
        Assert.Empty(Tags(d));
    }

    [Fact]
    public void A_handler_can_drop_the_event()
    {
        var p = Compile("processors:\n  - json: { field: message }\non_failure:\n  - drop: {}\n");
        Assert.Equal(ProcessOutcome.Drop, p.Run(Doc("garbage")));
    }

    [Fact]
    public void A_processor_condition_skips_it()
    {
        var p = Compile("processors:\n  - set: { if: 'log.level: error', field: alert, value: true }\n");
        var d = Doc("x");
        d.Set("log.level", "info");
        p.Run(d);
        Assert.False(d.Contains("alert"));
        d.Set("log.level", "error");
        p.Run(d);
        Assert.Equal(true, d["alert"]);
    }
}
