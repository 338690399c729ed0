using Observability.Reports.DuckDb;
using Observability.Reports.Model;
using Observability.Reports.Sections;
using Observability.Testing.DuckDb;

namespace Observability.Reports.Tests.Seed;

/// <summary>One seeded real DuckDB store and the report built over it, shared by a test class (seeding is the slow part).</summary>
public sealed class SeededStoreFixture : IAsyncLifetime
{
    public TemporaryDuckDbStore Db { get; } = new();

    public SeededCluster Cluster { get; } = SeededCluster.Generate();

    public ReportOptions Options { get; } = new();

    public HealthReport Report { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Cluster.WriteAsync(Db.Store);
        Report = await new HealthReportBuilder(new DuckDbReportSections(Db.Store), TimeProvider.System).BuildAsync("test", SeededCluster.Period, Options);
    }

    public Task DisposeAsync()
    {
        Db.Dispose();
        return Task.CompletedTask;
    }
}
