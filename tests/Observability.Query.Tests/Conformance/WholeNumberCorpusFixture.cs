using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Query.Tests.Differential;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// Log documents of processes as the agent ships them (<c>process.pid</c>, a <c>long</c> in the Elasticsearch templates),
/// with values at both sides of the whole numbers the queries round to, and documents without a pid, in a real DuckDB
/// file laid out as the store lays it.
/// </summary>
public sealed class WholeNumberCorpusFixture : IDisposable
{
    public DuckDbCorpusFile File { get; } = new("whole-number", Documents());

    public void Dispose() => File.Dispose();

    private static List<EcsDocument> Documents()
    {
        long?[] pids = [null, -3, -1, 0, 1, 2, 3, 4242, null, 65535];
        var docs = new List<EcsDocument>();
        for (var i = 0; i < pids.Length; i++)
        {
            var d = new EcsDocument { Id = EventIds.From("whole-number", i), Timestamp = new DateTimeOffset(2026, 12, 5, 8, 0, i, TimeSpan.Zero) };
            d.Message = pids[i] is { } p ? $"worker {p} started" : "scheduler tick";
            d.Set("host.name", "gpu-node-01");
            if (pids[i] is { } pid)
            {
                d.Set("process.pid", pid);
            }

            docs.Add(EcsJson.Parse(EcsJson.ToJson(d)));
        }

        return docs;
    }
}
