using Observability.Storage.DuckDb;

namespace Observability.Testing.DuckDb;

/// <summary>A real DuckDB store in a fresh temporary directory, deleted on dispose. One per test keeps data isolated.</summary>
public sealed class TemporaryDuckDbStore : IDisposable
{
    public TemporaryDuckDbStore()
    {
        Directory = TemporaryDirectory.Create("duckdb");
        Options = new DuckDbOptions { DataDirectory = Directory.Path, Threads = 2 };
        Store = DuckDbStore.Open(Options);
    }

    public TemporaryDirectory Directory { get; }

    public DuckDbOptions Options { get; }

    public DuckDbStore Store { get; }

    public long Count(string sql, params object?[] parameters) => Store.QueryScalar<long>(sql, parameters);

    public void Dispose()
    {
        Store.Dispose();
        Directory.Dispose();
    }
}
