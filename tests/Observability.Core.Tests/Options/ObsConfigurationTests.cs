using Observability.Core.Options;
using Observability.Testing;

namespace Observability.Core.Tests.Options;

public sealed class ObsConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("config");

    private sealed class SampleOptions
    {
        public int BatchSize { get; set; } = 10;

        public List<string> Topics { get; set; } = [];

        public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

        public Dictionary<string, double> Weights { get; set; } = [];

        public SampleOptions? Nested { get; set; }
    }

    private Microsoft.Extensions.Configuration.IConfigurationRoot Load(string yaml, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        File.WriteAllText(_dir.File("obs.yml"), yaml);
        return ObsConfiguration.Load(_dir.File("obs.yml"), overrides, environment: false);
    }

    [Fact]
    public void Snake_case_keys_lists_and_durations_bind_to_properties()
    {
        var config = Load("sample:\n  batch_size: 7\n  topics: [a, b]\n  interval: '00:00:05'\n");

        var o = ObsConfiguration.Bind<SampleOptions>(config, "sample");

        Assert.Equal(7, o.BatchSize);
        Assert.Equal(["a", "b"], o.Topics);
        Assert.Equal(TimeSpan.FromSeconds(5), o.Interval);
    }

    [Fact]
    public void Map_keys_keep_their_underscores_while_property_names_lose_them()
    {
        var config = Load("sample:\n  weights:\n    step.duration_ms: 2\n    queue_depth: 3\n  nested:\n    batch_size: 4\n    weights:\n      a_b: 5\n");

        var o = ObsConfiguration.Bind<SampleOptions>(config, "sample");

        Assert.Equal(new Dictionary<string, double> { ["step.duration_ms"] = 2, ["queue_depth"] = 3 }, o.Weights);
        Assert.Equal(4, o.Nested!.BatchSize);
        Assert.Equal(["a_b"], o.Nested.Weights.Keys);
    }

    [Fact]
    public void Overrides_win_over_the_file_and_a_missing_section_keeps_the_defaults()
    {
        var config = Load("sample:\n  batch_size: 7\n", new Dictionary<string, string?> { ["sample:batch_size"] = "9" });

        Assert.Equal(9, ObsConfiguration.Bind<SampleOptions>(config, "sample").BatchSize);
        Assert.Equal(10, ObsConfiguration.Bind<SampleOptions>(config, "other").BatchSize);
    }

    [Fact]
    public void Nested_sections_are_named_with_dots_in_errors()
    {
        var config = Load("store:\n  duckdb:\n    batch_size: lots\n");

        var e = Assert.Throws<ObsConfigException>(() => ObsConfiguration.Bind<SampleOptions>(config, "store.duckdb"));

        Assert.StartsWith("store.duckdb.batch_size has an invalid value 'lots'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Range_checks_name_the_key_and_the_bad_value()
    {
        var e = Assert.Throws<ObsConfigException>(() => OptionsCheck.Range("indexer.batch_size", 0, 1, 100_000));

        Assert.Equal("indexer.batch_size must be between 1 and 100000, got 0", e.Message);
        Assert.Equal("indexer.batch_size", e.Key);
    }

    public void Dispose() => _dir.Dispose();
}
