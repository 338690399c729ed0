using System.Globalization;
using DuckDB.NET.Data;
using Observability.Core.Documents;
using Observability.Core.Json;
using Observability.Query.Tests.Differential;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// Documents at both sides of every boundary of every <see cref="DateCase"/> in every zone of the suite (a millisecond
/// before, at, a millisecond after, and half a millisecond after), in a real DuckDB file laid out as the store lays it.
/// <c>@timestamp</c> is a promoted column; <c>event.start</c> holds the same instant as a JSON string.
/// </summary>
public sealed class ConformanceCorpusFixture : IDisposable
{
    private readonly DuckDbCorpusFile _file;

    public ConformanceCorpusFixture()
    {
        var instants = new SortedSet<DateTimeOffset>();
        foreach (var zone in Zones)
        {
            foreach (var c in DateCase.All())
            {
                var (down, up) = c.Span(zone);
                foreach (var t in new[] { down, up })
                {
                    instants.Add(t.AddMilliseconds(-1));
                    instants.Add(t);
                    instants.Add(t.AddMilliseconds(1));
                    instants.Add(t.AddTicks(TimeSpan.TicksPerMillisecond / 2));
                }
            }
        }

        var docs = new List<EcsDocument>();
        var i = 0;
        foreach (var t in instants)
        {
            var d = new EcsDocument { Id = EventIds.From("conformance", i), Timestamp = t };
            d.Set("event.start", t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            d.Set("service.name", i % 2 == 0 ? "api" : "db");
            d.Set("event.dataset", i % 3 == 0 ? "generic" : "nginx");
            d.Message = i % 5 == 0 ? "worker generic restart" : "worker started";
            d.Set("http.response.status_code", 200L + (i % 4));
            docs.Add(EcsJson.Parse(EcsJson.ToJson(d)));
            i++;
        }

        _file = new DuckDbCorpusFile("conformance", docs);
    }

    /// <summary>UTC, a fixed offset with half hours, and a zone with daylight saving (the suite stays in December).</summary>
    public static IReadOnlyList<TimeZoneInfo> Zones { get; } =
    [
        TimeZoneInfo.Utc,
        TimeZoneInfo.CreateCustomTimeZone("+05:30", TimeSpan.FromMinutes(330), "+05:30", "+05:30"),
        TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"),
    ];

    public DuckDBConnection Connection => _file.Connection;

    public IReadOnlyList<EcsDocument> Documents => _file.Documents;

    public IReadOnlyList<string> KnownFields => _file.KnownFields;

    public void Dispose() => _file.Dispose();
}
