using Observability.Storage.Tests.Elasticsearch.Support;
using YamlDotNet.RepresentationModel;

namespace Observability.Storage.Tests.Elasticsearch;

/// <summary>deploy/agent-daemonset.yaml: the agent on each Kubernetes node reports that node's metrics, not its pod's.</summary>
public sealed class AgentDaemonSetTests
{
    [Fact]
    public void The_agent_reads_the_nodes_root_through_a_read_only_host_path_mount()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(RepoPaths.Root, "deploy", "agent-daemonset.yaml"))));
        var daemonSet = yaml.Documents.Select(d => (YamlMappingNode)d.RootNode).Single(d => d.Children[new YamlScalarNode("kind")].ToString() == "DaemonSet");
        var pod = (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)daemonSet.Children["spec"]).Children["template"]).Children["spec"];
        var container = (YamlMappingNode)((YamlSequenceNode)pod.Children["containers"]).Single();
        var args = ((YamlSequenceNode)container.Children["args"]).Select(a => a.ToString()).ToList();

        var hostFs = Assert.Single(args, a => a.StartsWith("--hostfs=", StringComparison.Ordinal))["--hostfs=".Length..];
        var mount = ((YamlSequenceNode)container.Children["volumeMounts"]).Cast<YamlMappingNode>().Single(m => m.Children["mountPath"].ToString() == hostFs);
        var volume = ((YamlSequenceNode)pod.Children["volumes"]).Cast<YamlMappingNode>().Single(v => v.Children["name"].ToString() == mount.Children["name"].ToString());

        Assert.Equal("/", ((YamlMappingNode)volume.Children["hostPath"]).Children["path"].ToString());
        Assert.Equal(("true", "HostToContainer"), (mount.Children["readOnly"].ToString(), mount.Children["mountPropagation"].ToString()));
    }
}
