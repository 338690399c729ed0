using System.Text;

namespace Observability.Agent.Files;

/// <summary>
/// What a container log's path tells about it, as already-encoded JSON members (each starting with a comma) for its
/// events: <c>/var/log/pods/NS_POD_UID/CONTAINER/N.log</c> (the kubelet's layout),
/// <c>/var/log/containers/POD_NS_CONTAINER-ID.log</c> (its symlinks) and <c>/var/lib/docker/containers/ID/ID-json.log</c>.
/// Kubernetes names have no '_' (DNS labels), which is what makes the underscores separators.
/// </summary>
public static class ContainerPath
{
    public static byte[] Fields(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string? ns = null, pod = null, uid = null, container = null, id = null;
        var pods = Array.LastIndexOf(parts, "pods");
        var containers = Array.LastIndexOf(parts, "containers");
        if (pods >= 0 && parts.Length >= pods + 4 && parts[pods + 1].Split('_') is [var n, var p, var u])
        {
            (ns, pod, uid, container) = (n, p, u, parts[pods + 2]);
        }
        else if (containers >= 0 && parts.Length == containers + 2 && Path.GetFileNameWithoutExtension(parts[^1]).Split('_') is [var p2, var n2, var rest]
            && rest.LastIndexOf('-') is var dash and > 0 && rest.Length - dash - 1 == 64)
        {
            (pod, ns, container, id) = (p2, n2, rest[..dash], rest[(dash + 1)..]);
        }
        else if (containers >= 0 && parts.Length == containers + 3 && parts[^1] == parts[containers + 1] + "-json.log")
        {
            id = parts[containers + 1]; // docker's own layout: no Kubernetes names
        }

        var sb = new StringBuilder();
        if (id is not null)
        {
            sb.Append(",\"container\":{\"id\":").Append(Q(id)).Append('}');
        }

        if (pod is not null)
        {
            sb.Append(",\"kubernetes\":{\"namespace\":").Append(Q(ns!)).Append(",\"pod\":{\"name\":").Append(Q(pod));
            if (uid is not null)
            {
                sb.Append(",\"uid\":").Append(Q(uid));
            }

            sb.Append("},\"container\":{\"name\":").Append(Q(container!)).Append("}}");
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static string Q(string s) => Encoding.UTF8.GetString(JsonText.Quote(s));
}
