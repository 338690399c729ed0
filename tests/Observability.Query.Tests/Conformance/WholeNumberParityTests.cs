using System.Globalization;
using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Observability.Storage.Elasticsearch;
using Observability.Storage.Elasticsearch.Setup;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// Numbers a <c>long</c> field cannot hold — fractions, values beyond its range — on <c>process.pid</c>, as a user types
/// them in Kibana or <c>obs search</c>: each back end (the in-memory evaluator, DuckDB SQL on a real file, and the
/// Elasticsearch DSL the store sends, evaluated with Elasticsearch's long mapper, which refuses out-of-range values
/// with HTTP 400) finds exactly the documents whose pid satisfies the comparison read as mathematics.
/// </summary>
public sealed class WholeNumberParityTests(WholeNumberCorpusFixture corpus) : IClassFixture<WholeNumberCorpusFixture>
{
    private static readonly HashSet<string> LongFields = FieldCatalog.All.Where(f => f.Type == "long").Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    public static TheoryData<string, string> Queries => new()
    {
        { "process.pid: 1.5", "none" },
        { "process.pid: 2.0", "=2" },
        { "process.pid: 99999999999999999999", "none" },
        { "process.pid > 1.5", ">=2" },
        { "process.pid >= 1.5", ">=2" },
        { "process.pid < 1.5", "<=1" },
        { "process.pid <= 1.5", "<=1" },
        { "process.pid > -0.5", ">=0" },
        { "process.pid < -0.5", "<=-1" },
        { "process.pid < 1e30", "all" },
        { "process.pid > 1e30", "none" },
        { "process.pid >= -1e30", "all" },
        { "process.pid >= 99999999999999999999", "none" },
        { "process.pid <= -99999999999999999999", "none" },
        { "process.pid > 9223372036854775807", "none" },
        { "process.pid <= 9223372036854775807", "all" },
        { "process.pid > 2.5e3", ">=2501" },
        { "not process.pid < 1e30", "not all" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_number_a_long_cannot_hold_finds_what_it_means_on_every_back_end(string text, string meaning)
    {
        var expected = corpus.File.Documents.Where(d => Means(meaning, d["process.pid"] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null))
            .Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
        var query = KqlParser.Parse(text);
        var evaluator = KqlEvaluator.Compile(query, KqlOptions.Default);

        var evaluated = corpus.File.Documents.Where(evaluator).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
        var sql = corpus.File.Hits(query, KqlOptions.Default);
        var dsl = KqlTranslation.ToQueryDsl(text);
        var searched = corpus.File.Documents.Where(d => EsDslEvaluator.Matches(dsl, d, LongFields)).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(expected.Order(StringComparer.Ordinal), evaluated.Order(StringComparer.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), sql.Order(StringComparer.Ordinal));
        Assert.True(expected.SetEquals(searched), $"{text} → {dsl.ToJsonString()}: {searched.Count} hits, expected {expected.Count}");
    }

    [Fact]
    public void Searches_in_a_time_zone_settle_whole_numbers_and_source_only_fields_as_the_default_path_does()
    {
        var inBerlin = KqlTranslation.InTimeZone(TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Equal(KqlTranslation.ToQueryDsl("process.pid >= 99999999999999999999").ToJsonString(), inBerlin("process.pid >= 99999999999999999999").ToJsonString());
        Assert.Equal("""{"match_none":{}}""", inBerlin("event.original: x").ToJsonString());
    }

    /// <summary>Which pids satisfy the comparison; a document without a pid matches no comparison (and so every <c>not</c>).</summary>
    private static bool Means(string meaning, long? pid)
    {
        if (meaning == "not all" || pid is not { } p)
        {
            return meaning == "not all" && pid is null;
        }

        var n = meaning.Length > 2 && meaning[1] == '=' ? meaning[2..] : meaning[1..];
        return meaning switch
        {
            "none" => false,
            "all" => true,
            _ when meaning.StartsWith(">=", StringComparison.Ordinal) => p >= long.Parse(n, CultureInfo.InvariantCulture),
            _ when meaning.StartsWith("<=", StringComparison.Ordinal) => p <= long.Parse(n, CultureInfo.InvariantCulture),
            _ => p == long.Parse(n, CultureInfo.InvariantCulture),
        };
    }
}
