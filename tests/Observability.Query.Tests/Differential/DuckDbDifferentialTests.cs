using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Xunit.Abstractions;

namespace Observability.Query.Tests.Differential;

/// <summary>Thousands of generated queries give the same hits from DuckDB SQL and from the in-memory evaluator.</summary>
public class DuckDbDifferentialTests(DuckDbCorpusFixture corpus, ITestOutputHelper output) : IClassFixture<DuckDbCorpusFixture>
{
    private static readonly KqlOptions Options = new() { Time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2024, 5, 2, 12, 0, 0, TimeSpan.Zero)) };

    [Fact]
    public void Generated_queries_agree_between_duckdb_and_the_evaluator()
    {
        var generator = new QueryGenerator(seed: 7);
        var failures = new List<string>();
        var nonTrivial = 0;
        const int queries = 2000;
        for (var i = 0; i < queries; i++)
        {
            var text = generator.Next();
            var query = KqlParser.Parse(text);
            var expected = Evaluate(query);
            var actual = RunSql(query);
            if (expected.Count > 0 && expected.Count < corpus.Documents.Count)
            {
                nonTrivial++;
            }

            if (!expected.SetEquals(actual))
            {
                failures.Add($"{text}\n  evaluator={expected.Count} sql={actual.Count} only-evaluator=[{string.Join(",", expected.Except(actual).Take(3))}] only-sql=[{string.Join(",", actual.Except(expected).Take(3))}]");
            }
        }

        output.WriteLine($"{queries} queries, {nonTrivial} with a hit count strictly between 0 and all, {failures.Count} disagreements");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(15)));

        // The generated queries must actually discriminate, or agreement would prove nothing.
        Assert.True(nonTrivial > queries / 2, $"only {nonTrivial} of {queries} queries had a non-trivial hit count");
    }

    [Theory]
    [InlineData("message:error", true)]
    [InlineData("message:ERROR", true)]
    [InlineData("message:\"disk full\"", true)]
    [InlineData("message:conn*", true)]
    [InlineData("tags:prod", true)]
    [InlineData("labels.*:prod", true)]
    [InlineData("http.response.status_code >= 500", true)]
    [InlineData("not log.level:*", true)]
    [InlineData("log.level:error and log.level:ERROR", false)]
    public void Hand_written_queries_agree_and_are_non_trivial(string text, bool expectHits)
    {
        var query = KqlParser.Parse(text);
        var expected = Evaluate(query);
        Assert.Equal(expected.Order(StringComparer.Ordinal), RunSql(query).Order(StringComparer.Ordinal));
        Assert.Equal(expectHits, expected.Count > 0);
    }

    private HashSet<string> Evaluate(KqlQuery query)
    {
        var predicate = KqlEvaluator.Compile(query, Options);
        return corpus.Documents.Where(predicate).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
    }

    private HashSet<string> RunSql(KqlQuery query) => DuckDbCorpusFile.Hits(corpus.Connection, query, corpus.KnownFields, Options);
}
