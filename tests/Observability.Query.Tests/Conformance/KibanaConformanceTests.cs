using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Query.Elasticsearch;
using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Observability.Query.Tests.Differential;
using Xunit.Abstractions;

namespace Observability.Query.Tests.Conformance;

/// <summary>
/// Generated date queries — every precision, every operator, three time zones, quoted, unquoted and escaped values,
/// Kibana's whitespace (no-break space included) around operators and keywords — must give the hits that Kibana's
/// and Elasticsearch's documentation prescribe (<see cref="DocumentedDate"/>), on all three back ends: the
/// in-memory evaluator, DuckDB SQL on a real file, and the Elasticsearch DSL (evaluated by its documented meaning).
/// </summary>
public sealed class KibanaConformanceTests(ConformanceCorpusFixture corpus, ITestOutputHelper output) : IClassFixture<ConformanceCorpusFixture>
{
    private static readonly string[] Operators = [":", ">=", ">", "<", "<="];
    private static readonly string[] Spaces = ["", " ", "\u00A0", "\t", " \n "];
    private static readonly string[] Ands = [" and ", "\u00A0and\u00A0", " AND ", "\nand\t", "\u00A0AnD "];
    private static readonly string[] Fields = ["@timestamp", "event.start"];

    [Fact]
    public void Every_precision_operator_and_zone_counts_as_the_documentation_says_on_all_three_back_ends()
    {
        var failures = new List<string>();
        var queries = 0;
        var nonTrivial = 0;
        foreach (var zone in ConformanceCorpusFixture.Zones)
        {
            foreach (var c in DateCase.All())
            {
                foreach (var op in Operators)
                {
                    var value = c.HasColon ? "\"" + c.Text + "\"" : c.Text;
                    var text = op == ":" ? $"@timestamp:{value}" : $"@timestamp {op} {value}";
                    var expected = Expected(c, op, zone, "@timestamp");
                    nonTrivial += expected.Count > 0 && expected.Count < corpus.Documents.Count ? 1 : 0;
                    queries++;
                    Check(text, zone, expected, $"{c.Precision} {op} in {zone.Id}", failures);
                }
            }
        }

        output.WriteLine($"{queries} queries, {nonTrivial} with a non-trivial count, {failures.Count} disagreements");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(15)));
        Assert.True(nonTrivial > queries * 9 / 10, $"only {nonTrivial} of {queries} queries discriminate");
    }

    [Fact]
    public void Generated_syntax_variants_count_as_the_documentation_says_on_all_three_back_ends()
    {
        var rng = new Random(20261205);
        var cases = DateCase.All();
        var failures = new List<string>();
        const int queries = 1500;
        for (var i = 0; i < queries; i++)
        {
            var zone = ConformanceCorpusFixture.Zones[rng.Next(ConformanceCorpusFixture.Zones.Count)];
            var c = cases[rng.Next(cases.Count)];
            var op = Operators[rng.Next(Operators.Length)];
            var field = Fields[rng.Next(Fields.Length)];
            var value = (c.HasColon, rng.Next(2)) switch
            {
                (true, 0) => "\"" + c.Text + "\"",
                (true, _) => c.Text.Replace(":", "\\:", StringComparison.Ordinal),
                (false, 0) => "\"" + c.Text + "\"",
                _ => c.Text,
            };
            var text = field + Spaces[rng.Next(Spaces.Length)] + op + Spaces[rng.Next(Spaces.Length)] + value;
            var expected = Expected(c, op, zone, field);
            switch (rng.Next(6))
            {
                case 0:
                case 1:
                    text = (rng.Next(2) == 0 ? "(" + text + ")" : text) + Ands[rng.Next(Ands.Length)] + "service.name:api";
                    expected.IntersectWith(corpus.Documents.Where(d => d.GetString("service.name") == "api").Select(d => d.Id!));
                    break;
                case 2:
                    text = (rng.Next(2) == 0 ? "not " : "NOT\u00A0") + (op == ":" && rng.Next(2) == 0 ? text : "(" + text + ")");
                    expected = corpus.Documents.Select(d => d.Id!).Except(expected).ToHashSet(StringComparer.Ordinal);
                    break;
                default:
                    break;
            }

            Check(text, zone, expected, $"{c.Precision} {op} in {zone.Id}", failures);
        }

        output.WriteLine($"{queries} queries, {failures.Count} disagreements");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(15)));
    }

    [Theory]
    [InlineData("*:generic")]
    [InlineData("*:2026-12-05")]
    [InlineData("*:\"2026-12-05T06:30\"")]
    [InlineData("event.*:generic")]
    public void Wildcard_fields_over_mixed_types_skip_the_fields_that_cannot_hold_the_value(string text)
    {
        var value = text[(text.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim('"');
        var isDate = char.IsAsciiDigit(value[0]);
        var day = isDate ? new DocumentedDate(value.Split('-', 'T', ':').Select(int.Parse).ToArray()) : null;
        var expected = corpus.Documents.Where(d => isDate
                ? DocumentedDate.Matches(":", d.Timestamp!.Value, day!.Down(TimeZoneInfo.Utc), day.Up(TimeZoneInfo.Utc))
                : d.GetString("event.dataset") == value || (!text.StartsWith("event.", StringComparison.Ordinal) && d.Message!.Contains(value, StringComparison.Ordinal)))
            .Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(expected);
        var failures = new List<string>();
        Check(text, TimeZoneInfo.Utc, expected, "mixed types", failures);
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private HashSet<string> Expected(DateCase c, string op, TimeZoneInfo zone, string field)
    {
        var (down, up) = c.Span(zone);
        _ = field; // @timestamp and event.start hold the same instant in every document.
        return corpus.Documents.Where(d => DocumentedDate.Matches(op, d.Timestamp!.Value, down, up)).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);
    }

    private void Check(string text, TimeZoneInfo zone, HashSet<string> expected, string label, List<string> failures)
    {
        var options = new KqlOptions { Time = new FakeTimeProvider(DateCase.Now), TimeZone = zone };
        KqlQuery query;
        try
        {
            query = KqlParser.Parse(text);
        }
        catch (KqlSyntaxException e)
        {
            failures.Add($"{label}: {Show(text)} does not parse: {e.Message}");
            return;
        }

        var evaluator = KqlEvaluator.Compile(query, options);
        var results = new Dictionary<string, HashSet<string>>
        {
            ["evaluator"] = corpus.Documents.Where(evaluator).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal),
            ["duckdb"] = RunSql(query, options),
            ["elasticsearch"] = RunDsl(EsQueryTranslator.Translate(query, new EsTranslationOptions { Kql = options, KnownFields = corpus.KnownFields })),
        };
        foreach (var (backEnd, actual) in results)
        {
            if (!actual.SetEquals(expected))
            {
                failures.Add($"{label}: {Show(text)} on {backEnd}: {actual.Count} hits, documented {expected.Count}; " +
                    $"extra [{string.Join(",", Instants(actual.Except(expected)))}] missing [{string.Join(",", Instants(expected.Except(actual)))}]");
            }
        }
    }

    private IEnumerable<string> Instants(IEnumerable<string> ids) =>
        ids.Take(3).Select(id => corpus.Documents.First(d => d.Id == id).Timestamp!.Value.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    private static string Show(string text) => text.Replace("\u00A0", "<nbsp>", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);

    private HashSet<string> RunDsl(JsonObject dsl) =>
        corpus.Documents.Where(d => EsDslEvaluator.Matches(dsl, d)).Select(d => d.Id!).ToHashSet(StringComparer.Ordinal);

    private HashSet<string> RunSql(KqlQuery query, KqlOptions options) => DuckDbCorpusFile.Hits(corpus.Connection, query, corpus.KnownFields, options);
}
