using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Pipelines.Compilation;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

/// <summary>rename, set, append, remove, convert, lowercase/uppercase.</summary>
public class FieldProcessorTests
{
    private static EcsDocument With(params (string Field, object Value)[] fields)
    {
        var d = new EcsDocument();
        foreach (var (f, v) in fields)
        {
            d.Set(f, v);
        }

        return d;
    }

    [Fact]
    public void Rename_moves_a_value()
    {
        var (_, d) = Run(Processor("rename: { field: a, target_field: b.c }"), With(("a", 1L)));
        Assert.False(d.Contains("a"));
        Assert.Equal(1L, d["b.c"]);
    }

    [Fact]
    public void Rename_refuses_to_overwrite_unless_told()
    {
        var (_, d) = Run(Processor("rename: { field: a, target_field: b }"), With(("a", "new"), ("b", "old")));
        Assert.Equal("old", d["b"]);
        Assert.Equal("new", d["a"]);
        Assert.Contains("[b] already exists", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
        var (_, o) = Run(Processor("rename: { field: a, target_field: b, override: true }"), With(("a", "new"), ("b", "old")));
        Assert.Equal("new", o["b"]);
    }

    [Fact]
    public void Rename_of_a_missing_field_fails_unless_ignored()
    {
        Assert.Contains("_rename_failure", Tags(Run(Processor("rename: { field: a, target_field: b }"), With()).Doc));
        Assert.Empty(Tags(Run(Processor("rename: { field: a, target_field: b, ignore_missing: true }"), With()).Doc));
    }

    [Fact]
    public void Rename_by_prefix_moves_every_field_under_it()
    {
        var (_, d) = Run(Processor("rename: { field: 'j.*', target_field: '*', override: true }"), With(("j.message", "m"), ("j.log.level", "info"), ("other", 1L)));
        Assert.Equal("m", d["message"]);
        Assert.Equal("info", d["log.level"]);
        Assert.Equal(1L, d["other"]);
        Assert.DoesNotContain(d.FieldNames, n => n.StartsWith("j.", StringComparison.Ordinal));
    }

    [Fact]
    public void Set_keeps_types_renders_templates_and_copies()
    {
        var p = Compile("""
            processors:
              - set: { field: n, value: 42 }
              - set: { field: f, value: 0.5 }
              - set: { field: b, value: true }
              - set: { field: s, value: "42" }
              - set: { field: greeting, value: 'hello {{user.name}} on {{host.name}}' }
              - set: { field: copy, copy_from: user.name }
              - set: { field: user.name, value: other, override: false }
            """);
        var (_, d) = Run(p, With(("user.name", "alice"), ("host.name", "gpu-1")));
        Assert.Equal(42L, d["n"]);
        Assert.Equal(0.5, d["f"]);
        Assert.Equal(true, d["b"]);
        Assert.Equal("42", d["s"]);
        Assert.Equal("hello alice on gpu-1", d["greeting"]);
        Assert.Equal("alice", d["copy"]);
        Assert.Equal("alice", d["user.name"]);
    }

    [Fact]
    public void Set_copy_from_a_missing_field_fails()
    {
        Assert.Contains("_set_failure", Tags(Run(Processor("set: { field: a, copy_from: nope }"), With()).Doc));
        Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("set: { field: a }"));
    }

    [Fact]
    public void Append_adds_unique_values()
    {
        var p = Compile("processors:\n  - append: { field: tags, value: [gpu, '{{host.name}}'] }\n  - append: { field: tags, value: gpu }\n");
        var (_, d) = Run(p, With(("host.name", "n1")));
        Assert.Equal(["gpu", "n1"], Tags(d));
    }

    [Fact]
    public void Remove_fields_and_prefixes()
    {
        var (_, d) = Run(Processor("remove: { field: [a, 'tmp.*'] }"), With(("a", 1L), ("tmp.x", 1L), ("tmp.y", 2L), ("keep", 3L)));
        Assert.Equal(["keep"], d.FieldNames);
        Assert.Contains("[missing] not present", Run(Processor("remove: { field: missing }"), With()).Doc.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void Prefix_removal_takes_every_matching_field_wherever_it_sits_and_nothing_else()
    {
        var d = new EcsDocument();
        for (var i = 0; i < 40; i++)
        {
            d.Set(i % 3 == 0 ? $"tmp.f{i}" : $"keep.f{i}", (long)i);
        }

        d.Set("tmp", "no dot: kept");
        d.Set("tmpx.y", "other prefix: kept");
        Assert.True(FieldValues.AnyFieldStartsWith(d, "tmp."));
        FieldValues.RemoveFieldsStartingWith(d, "tmp.");
        Assert.False(FieldValues.AnyFieldStartsWith(d, "tmp."));
        Assert.Equal(28, d.Count);
        Assert.All(Enumerable.Range(0, 40).Where(i => i % 3 != 0), i => Assert.Equal((long)i, d[$"keep.f{i}"]));
        Assert.Equal("no dot: kept", d["tmp"]);
        Assert.Equal("other prefix: kept", d["tmpx.y"]);
    }

    [Theory]
    [InlineData("integer", "42", 42L)]
    [InlineData("long", "0x1f", 31L)]
    [InlineData("double", "1.5e3", 1500.0)]
    [InlineData("boolean", "TRUE", true)]
    [InlineData("string", "x", "x")]
    [InlineData("ip", "10.0.0.1", "10.0.0.1")]
    [InlineData("auto", "7", 7L)]
    [InlineData("auto", "7.5", 7.5)]
    [InlineData("auto", "word", "word")]
    public void Convert_to_each_type(string type, string input, object expected)
    {
        var (_, d) = Run(Processor($"convert: {{ field: v, type: {type} }}"), With(("v", input)));
        Assert.Equal(expected, d["v"]);
        Assert.False(d.Contains(EcsFields.ErrorMessage));
    }

    [Fact]
    public void Convert_converts_arrays_and_writes_target_field()
    {
        var (_, d) = Run(Processor("convert: { field: v, target_field: w, type: long }"), With(("v", new List<object?> { "1", "2" })));
        Assert.Equal([1L, 2L], ((IEnumerable<object?>)d["w"]!).Cast<long>());
    }

    [Theory]
    [InlineData("integer", "4.5x")]
    [InlineData("double", "abc")]
    [InlineData("boolean", "yes")]
    [InlineData("ip", "999.1.1.1")]
    public void Convert_failures_keep_the_value(string type, string input)
    {
        var (_, d) = Run(Processor($"convert: {{ field: v, type: {type} }}"), With(("v", input)));
        Assert.Equal(input, d["v"]);
        Assert.Contains("cannot be converted", d.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_rejects_an_unknown_type_at_load()
    {
        Assert.Equal("type", Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("convert: { field: v, type: decimal }")).Key);
    }

    [Fact]
    public void Lowercase_and_uppercase()
    {
        var (_, d) = Run(Compile("processors:\n  - lowercase: { field: a }\n  - uppercase: { field: b, target_field: c }\n"), With(("a", "WARN"), ("b", "err")));
        Assert.Equal("warn", d["a"]);
        Assert.Equal("ERR", d["c"]);
        Assert.Equal("err", d["b"]);
    }

    [Fact]
    public void Lowercase_of_a_number_or_missing_field_fails()
    {
        Assert.Contains("cannot be lowercased", Run(Processor("lowercase: { field: a }"), With(("a", 3L))).Doc.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
        Assert.Contains("_lowercase_failure", Tags(Run(Processor("lowercase: { field: a }"), With()).Doc));
    }

    [Fact]
    public void Drop_drops_only_when_its_condition_holds()
    {
        var p = Processor("drop: { if: 'log.level: debug' }");
        Assert.Equal(ProcessOutcome.Drop, p.Run(With(("log.level", "debug"))));
        Assert.Equal(ProcessOutcome.Keep, p.Run(With(("log.level", "info"))));
        Assert.Equal(1, p.Dropped);
    }

    [Fact]
    public void Route_changes_the_dataset_and_namespace()
    {
        var (_, d) = Run(Processor("route: { dataset: 'gpu.{{service.name}}', namespace: Prod-EU }"), With(("service.name", "Trainer-X")));
        Assert.Equal("gpu.trainer_x", d[EcsFields.DataStreamDataset]);
        Assert.Equal("gpu.trainer_x", d[EcsFields.EventDataset]);
        Assert.Equal("prod_eu", d[EcsFields.DataStreamNamespace]);
        Assert.Equal("logs-gpu.trainer_x-prod_eu", DataStream.For(d).Name);
    }

    [Fact]
    public void Route_to_an_empty_dataset_fails()
    {
        Assert.Contains("_route_failure", Tags(Run(Processor("route: { dataset: '{{missing}}' }"), With()).Doc));
        Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("route: {}"));
    }

    [Fact]
    public void Syslog_priority_decodes_facility_and_severity()
    {
        var (_, d) = Run(Processor("syslog_priority: {}"), With(("log.syslog.priority", 165L)));
        Assert.Equal(20L, d["log.syslog.facility.code"]);
        Assert.Equal("local4", d["log.syslog.facility.name"]);
        Assert.Equal(5L, d["log.syslog.severity.code"]);
        Assert.Equal("notice", d["log.level"]);
        Assert.Contains("outside 0-191", Run(Processor("syslog_priority: {}"), With(("log.syslog.priority", 200L))).Doc.GetString(EcsFields.ErrorMessage), StringComparison.Ordinal);
    }

    [Fact]
    public void Message_template_renders_serilog_holes()
    {
        var (_, d) = Run(
            Processor("message_template: { field: s.mt, properties_prefix: s }"),
            With(("s.mt", "Processed {@Position} in {Elapsed:000} ms by {User} {{literal}}"), ("s.Position.Lat", 25L), ("s.Elapsed", 34L)));
        Assert.Equal("Processed { Lat: 25 } in 34 ms by {User} {literal}", d.Message);
    }

    [Fact]
    public void Translate_maps_values_with_an_optional_fallback()
    {
        var p = Processor("translate: { field: code, target_field: meaning, dictionary: { '79': off the bus, '48': DBE }, fallback: unknown }");
        Assert.Equal("off the bus", Run(p, With(("code", 79L))).Doc["meaning"]);
        Assert.Equal("unknown", Run(p, With(("code", 1L))).Doc["meaning"]);
        Assert.Contains("_translate_failure", Tags(Run(p, With()).Doc));
        var noFallback = Processor("translate: { field: code, target_field: meaning, dictionary: { a: b } }");
        Assert.False(Run(noFallback, With(("code", "z"))).Doc.Contains("meaning"));
    }
}
