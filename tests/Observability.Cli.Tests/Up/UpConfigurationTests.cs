using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Testing;

namespace Observability.Cli.Tests.Up;

public sealed class UpConfigurationTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-config");

    private ObsConfigException StartWith(string yaml)
    {
        var path = _dir.File("obs.yml");
        File.WriteAllText(path, yaml);
        return Assert.Throws<ObsConfigException>(() => UpApplication.Create(new UpSettings
        {
            ConfigFile = path,
            DataDirectory = _dir.File("data"),
            Interactive = false,
        }));
    }

    [Fact]
    public void An_out_of_range_value_fails_at_start_up_naming_the_key_and_the_value()
    {
        var e = StartWith("indexer:\n  batch_size: 0\n");

        Assert.Equal("indexer.batch_size must be between 1 and 100000, got 0", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir.File("data"), "obs.duckdb")), "nothing is opened before the configuration is valid");
    }

    [Fact]
    public void A_retention_age_or_size_it_cannot_read_fails_naming_the_key_the_value_and_the_forms_it_takes()
    {
        var age = StartWith("store:\n  retention:\n    max_age: 7 days\n");
        Assert.Equal("store.retention.max_age must be an age of at least 1 minute such as 90m, 36h, 7d or 2w, got '7 days'", age.Message);
        var size = StartWith("store:\n  retention:\n    max_size: 10 gigs\n");
        Assert.StartsWith("store.retention.max_size must be a size", size.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.File("data"), "obs.duckdb")), "nothing is opened before the configuration is valid");
    }

    [Fact]
    public void The_retention_flags_win_over_obs_yml()
    {
        var path = _dir.File("obs.yml");
        File.WriteAllText(path, "store:\n  retention:\n    max_age: 30d\n    max_size: 10GB\n");
        var loaded = UpOptionsLoader.Load(new UpSettings { ConfigFile = path, DataDirectory = _dir.File("data"), RetentionMaxAge = "36h" });

        Assert.Equal(TimeSpan.FromHours(36), loaded.Retention.MaxAgeSpan);
        Assert.Equal(10_000_000_000, loaded.Retention.MaxSizeBytes);
    }

    [Fact]
    public void The_hostfs_flag_wins_over_obs_yml_and_a_hostfs_without_proc_fails_naming_the_key()
    {
        var fromYml = Directory.CreateDirectory(Path.Combine(_dir.File("yml-root"), "proc")).Parent!.FullName;
        var fromFlag = Directory.CreateDirectory(Path.Combine(_dir.File("flag-root"), "proc")).Parent!.FullName;
        var path = _dir.File("obs.yml");
        File.WriteAllText(path, $"agent:\n  metrics:\n    host_fs: {fromYml}\n");

        var configured = UpOptionsLoader.Load(new UpSettings { ConfigFile = path, DataDirectory = _dir.File("data") });
        var flagged = UpOptionsLoader.Load(new UpSettings { ConfigFile = path, DataDirectory = _dir.File("data"), HostFs = fromFlag });
        var bad = Assert.Throws<ObsConfigException>(() => UpOptionsLoader.Load(new UpSettings { ConfigFile = path, DataDirectory = _dir.File("data"), HostFs = _dir.File("nowhere") }));

        Assert.Equal(Path.Combine(fromYml, "proc"), configured.Metrics!.Paths().ProcRoot);
        Assert.Equal(Path.Combine(fromFlag, "proc"), flagged.Metrics!.Paths().ProcRoot);
        Assert.Equal("agent.metrics.host_fs", bad.Key);
        Assert.StartsWith("agent.metrics.host_fs must be the host's root", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_of_the_wrong_type_fails_naming_the_key_as_written()
    {
        var e = StartWith("indexer:\n  max_wait_ms: soon\n");

        Assert.StartsWith("indexer.max_wait_ms has an invalid value 'soon'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_fails_naming_it()
    {
        var e = StartWith("indexer:\n  batch_sise: 10\n");

        Assert.Equal("indexer.batch_sise is not a known setting", e.Message);
    }

    [Fact]
    public void Invalid_yaml_fails_with_its_position()
    {
        var e = StartWith("indexer:\n  batch_size: [1,\n");

        Assert.Contains("invalid YAML at line", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_areas_options_are_reported_under_their_section()
    {
        var e = StartWith("agent:\n  files:\n    include: ['/var/log/train/*.log']\n    max_batch_lines: 0\n");

        Assert.Equal("agent.files.max_batch_lines", e.Key);
        Assert.StartsWith("agent.files.max_batch_lines must be between 1 and 1000000, got 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_email_receiver_or_alertmanager_fails_at_start_up_naming_its_key()
    {
        var email = StartWith("detection:\n  receivers:\n    - name: default\n      email:\n        port: 0\n        to: ['oncall@example.org']\n");
        var alertmanager = StartWith("detection:\n  alertmanagers:\n    - url: http://am:9093\n    - url: ftp://am:9093\n");

        Assert.Equal("detection.receivers[0].email.port", email.Key);
        Assert.StartsWith("detection.receivers[0].email.port must be between 1 and 65535, got 0", email.Message, StringComparison.Ordinal);
        Assert.Equal("detection.alertmanagers[1].url", alertmanager.Key);
    }

    [Fact]
    public void A_missing_config_file_is_named()
    {
        var e = Assert.Throws<ObsConfigException>(() => UpApplication.Create(new UpSettings { ConfigFile = _dir.File("nope.yml"), DataDirectory = _dir.File("data") }));

        Assert.Contains("nope.yml does not exist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_snake_case_settings_are_applied()
    {
        File.WriteAllText(_dir.File("obs.yml"), "indexer:\n  batch_size: 123\n  max_wait_ms: 7\ntransport:\n  in_process:\n    topic_capacity: 5\n");

        var options = UpOptionsLoader.Load(new UpSettings { ConfigFile = _dir.File("obs.yml"), DataDirectory = _dir.File("data") });

        Assert.Equal((123, 7, 5), (options.Indexer.BatchSize, options.Indexer.MaxWaitMs, options.InProcess.TopicCapacity));
    }

    public void Dispose() => _dir.Dispose();
}
