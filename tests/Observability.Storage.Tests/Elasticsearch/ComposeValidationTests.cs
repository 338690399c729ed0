using System.Diagnostics;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Tests.Elasticsearch.Support;
using YamlDotNet.RepresentationModel;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>docker-compose.yml: valid for Compose, ports on 127.0.0.1, no secrets in the file.</summary>
public sealed class ComposeValidationTests
{
    private static string ComposeFile => Path.Combine(RepoPaths.Root, "docker-compose.yml");

    [RequiresToolFact("docker-compose", "docker-compose")]
    public async Task Docker_compose_config_accepts_the_file()
    {
        var psi = new ProcessStartInfo(RequiresToolFactAttribute.Which("docker-compose")!, ["-f", ComposeFile, "config", "-q"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        // Without .env, as a fresh checkout: the file must still be valid.
        foreach (var v in new[] { "ELASTIC_PASSWORD", "KIBANA_PASSWORD", "KIBANA_ENCRYPTION_KEY" })
        {
            psi.Environment.Remove(v);
        }

        using var process = Process.Start(psi)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);

        Assert.True(process.ExitCode == 0, await stderr);
    }

    /// <summary>The variables a deployment must set (.env.example marks them), with realistic values.</summary>
    private static readonly Dictionary<string, string> Required = new(StringComparer.Ordinal)
    {
        ["ELASTIC_PASSWORD"] = "s3cret-elastic",
        ["KIBANA_PASSWORD"] = "s3cret-kibana",
        ["KIBANA_ENCRYPTION_KEY"] = "0123456789abcdef0123456789abcdef",
    };

    [Fact]
    public void No_variable_is_expanded_inside_another_ones_default()
    {
        // Compose v1 (Debian's docker-compose 1.29) leaves "${A:-${B}}" unexpanded: the container gets the literal text.
        var nested = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(ComposeFile), @"\$\{[^}]*\$\{[^}]*\}");
        Assert.True(nested.Count == 0, string.Join(", ", nested.Select(m => m.Value)));
    }

    [RequiresToolFact("docker-compose", "docker-compose")]
    public async Task Docker_compose_v1_config_with_only_the_required_variables_gives_every_service_a_complete_environment()
    {
        var psi = new ProcessStartInfo(RequiresToolFactAttribute.Which("docker-compose")!, ["-f", ComposeFile, "config"])
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        psi.Environment.Clear();
        psi.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        psi.Environment["HOME"] = Path.GetTempPath();
        foreach (var (k, v) in Required)
        {
            psi.Environment[k] = v;
        }

        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, await stderr);

        var yaml = new YamlStream();
        yaml.Load(new StringReader(await stdout));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
        foreach (var name in new[] { "obs-setup", "obs-indexer", "obs-control", "obs-agent" })
        {
            var env = (YamlMappingNode)((YamlMappingNode)services.Children[name]).Children["environment"];
            var values = env.Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "");
            Assert.All(values, kv => Assert.DoesNotContain("${", kv.Value, StringComparison.Ordinal));
            Assert.Equal("http://elasticsearch:9200", values["OBS_ES_URL"]);
            Assert.Equal("kafka:9092", values["OBS__KAFKA__BOOTSTRAPSERVERS"]);
            // The credentials the services end up with: user elastic, its password from ELASTIC_PASSWORD.
            var options = new ElasticsearchOptions().ApplyEnvironment(v => values.GetValueOrDefault(v));
            Assert.Equal(("elastic", "s3cret-elastic", (string?)null), (options.Username, options.Password, options.ApiKey));
        }
    }

    [Fact]
    public void An_api_key_in_the_environment_wins_over_the_default_user()
    {
        // What Compose passes when .env sets a key and leaves OBS_ES_USERNAME empty (its default is elastic).
        var env = new Dictionary<string, string> { ["OBS_ES_API_KEY"] = "b2JzOnNlY3JldA==", ["OBS_ES_USERNAME"] = "elastic", ["ELASTIC_PASSWORD"] = "s3cret" };

        var options = new ElasticsearchOptions().ApplyEnvironment(v => env.GetValueOrDefault(v));
        options.Urls.Add(new Uri("http://127.0.0.1:9200"));
        options.Validate();

        Assert.Equal(("b2JzOnNlY3JldA==", (string?)null, (string?)null), (options.ApiKey, options.Username, options.Password));
    }

    [Fact]
    public void Kafka_writes_its_log_into_the_mounted_volume()
    {
        var kafka = (YamlMappingNode)Services().Children["kafka"];
        var logDirs = Scalar(Services(), "kafka", "environment", "KAFKA_LOG_DIRS");
        var mounts = ((YamlSequenceNode)kafka.Children["volumes"]).Select(v => ((YamlScalarNode)v).Value!.Split(':')).ToList();

        Assert.Contains(mounts, m => m[0] == "kafkadata" && m[1] == logDirs);
    }

    [Fact]
    public void Indexers_scale_on_their_own_and_one_control_service_runs_the_singletons()
    {
        string Roles(string service)
        {
            var command = ((YamlSequenceNode)((YamlMappingNode)Services().Children[service]).Children["command"]).Select(c => ((YamlScalarNode)c).Value!).ToList();
            return command[command.IndexOf("--roles") + 1];
        }

        Assert.Equal("indexer", Roles("obs-indexer"));
        Assert.Equal("detector,scheduler,reports,api", Roles("obs-control"));
        // An indexer replica holds no state of its own that another would need: no data volume shared between replicas.
        Assert.False(((YamlMappingNode)Services().Children["obs-indexer"]).Children.ContainsKey("volumes"));
    }

    [Fact]
    public void The_agent_reads_the_hosts_proc_network_counters_and_file_systems_through_its_root_mount()
    {
        var agent = (YamlMappingNode)Services().Children["obs-agent"];
        var command = ((YamlSequenceNode)agent.Children["command"]).Select(c => ((YamlScalarNode)c).Value!).ToList();
        var mounts = ((YamlSequenceNode)agent.Children["volumes"]).Select(v => ((YamlScalarNode)v).Value!.Split(':')).ToList();

        // --hostfs reads HOSTFS/proc and the host pid 1's network and mount namespaces, and measures file systems under it.
        var hostFs = command[command.IndexOf("--hostfs") + 1];
        var root = Assert.Single(mounts, m => m[0] == "/");
        Assert.Equal(hostFs, root[1]);
        Assert.Equal(["ro", "rslave"], root[2].Split(','));
        Assert.DoesNotContain("--proc-root", command);
        Assert.DoesNotContain(mounts, m => m[0] == "/proc");
        Assert.Equal("host", ((YamlScalarNode)agent.Children["network_mode"]).Value);
    }

    [Fact]
    public void Every_service_the_deployment_needs_is_there_and_ports_bind_to_loopback()
    {
        var services = Services();

        foreach (var name in new[] { "elasticsearch", "kibana-password", "kibana", "kafka", "obs-setup", "obs-indexer", "obs-control", "obs-agent" })
        {
            Assert.True(services.Children.ContainsKey(name), $"service {name} missing");
        }

        Assert.StartsWith("docker.elastic.co/elasticsearch/elasticsearch:", Scalar(services, "elasticsearch", "image"), StringComparison.Ordinal);
        Assert.StartsWith("apache/kafka:", Scalar(services, "kafka", "image"), StringComparison.Ordinal);
        Assert.Equal("true", Scalar(services, "elasticsearch", "environment", "xpack.security.enabled"));
        foreach (var (name, service) in services.Children)
        {
            if (((YamlMappingNode)service).Children.TryGetValue("ports", out var ports))
            {
                Assert.All((YamlSequenceNode)ports, p => Assert.StartsWith("127.0.0.1:", ((YamlScalarNode)p).Value!, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public void The_file_holds_no_passwords_and_dot_env_example_lists_every_secret()
    {
        var text = File.ReadAllText(ComposeFile);
        var example = File.ReadAllText(Path.Combine(RepoPaths.Root, ".env.example"));

        Assert.Matches(@"ELASTIC_PASSWORD: \$\{ELASTIC_PASSWORD:-\}", text);
        foreach (var secret in new[] { "ELASTIC_PASSWORD=", "KIBANA_PASSWORD=", "KIBANA_ENCRYPTION_KEY=", "OBS_ES_API_KEY=", "KAFKA_SASL_PASSWORD=" })
        {
            Assert.Contains($"\n{secret}\n", example, StringComparison.Ordinal);
        }
    }

    private static YamlMappingNode Services()
    {
        using var reader = new StreamReader(ComposeFile);
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
    }

    private static string Scalar(YamlMappingNode services, params string[] path)
    {
        YamlNode node = services;
        foreach (var p in path)
        {
            node = ((YamlMappingNode)node).Children[p];
        }

        return ((YamlScalarNode)node).Value!;
    }
}
