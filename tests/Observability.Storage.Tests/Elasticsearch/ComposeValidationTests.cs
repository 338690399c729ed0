using System.Diagnostics;
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

    [Fact]
    public void Every_service_the_deployment_needs_is_there_and_ports_bind_to_loopback()
    {
        var services = Services();

        foreach (var name in new[] { "elasticsearch", "kibana-password", "kibana", "kafka", "obs-setup", "obs", "obs-agent" })
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
