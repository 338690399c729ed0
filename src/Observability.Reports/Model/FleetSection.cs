namespace Observability.Reports.Model;

/// <summary>Which hosts reported, which went silent (and when), and how far behind the agents were.</summary>
public sealed record FleetSection(
    bool HasData,
    Figure HostsReporting,
    IReadOnlyList<FleetSection.SilentHost> SilentHosts,
    IReadOnlyList<string> NewHosts,
    Figure AgentLagP50Seconds,
    Figure AgentLagP95Seconds)
{
    /// <summary>A host that reported earlier (this or the previous period) and had nothing for longer than the silence threshold before the end.</summary>
    public sealed record SilentHost(string Host, DateTimeOffset LastSeen);
}
