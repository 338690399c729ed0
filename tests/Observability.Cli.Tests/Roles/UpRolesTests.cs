using Observability.Cli.Up;
using Observability.Core.Options;
using Observability.Testing;

namespace Observability.Cli.Tests.Roles;

/// <summary><c>--roles</c> and obs.yml's <c>roles</c>: parsed, checked, and a subset refused without Kafka.</summary>
public sealed class UpRolesTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("up-roles-parse");

    [Fact]
    public void Roles_parse_from_the_flag_and_refuse_unknown_names()
    {
        Assert.Equal(new UpRoles(true, false, false, false, true), UpRoles.Parse(["indexer, api"]));
        Assert.Equal(UpRoles.All, UpRoles.Parse(["indexer,detector", "scheduler", "reports,api"]));
        var e = Assert.Throws<ObsConfigException>(() => UpRoles.Parse(["indexer,sheduler"]));
        Assert.Contains("sheduler", e.Message);
    }

    [Fact]
    public void Obs_yml_roles_apply_unless_the_flag_names_some()
    {
        var yml = _dir.File("obs.yml");
        File.WriteAllText(yml, "roles: [indexer, detector]\n");
        var configuration = ObsConfiguration.Load(yml, environment: false);
        Assert.Equal(new UpRoles(true, true, false, false, false), UpRoles.Load(null, configuration));
        Assert.Equal(new UpRoles(false, false, true, false, false), UpRoles.Load(["scheduler"], configuration));
        Assert.Equal(UpRoles.All, UpRoles.Load(null, ObsConfiguration.Load(null, environment: false)));
    }

    [Fact]
    public void A_role_subset_without_kafka_is_refused_at_start()
    {
        var e = Assert.Throws<ObsConfigException>(() => UpApplication.Create(new UpSettings
        {
            DataDirectory = _dir.File("data"),
            Roles = ["indexer"],
            Metrics = false,
            PipelinesDirectory = string.Empty,
            Interactive = false,
        }));
        Assert.Contains("roles", e.Message);
        Assert.Contains("--kafka", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
