using DuckDB.NET.Data;
using Observability.Core.Options;
using Observability.Query.DuckDb;
using Observability.Query.Evaluation;
using Observability.Query.Kql;
using Observability.Storage.DuckDb;

namespace Observability.Query.Tests.Differential;

/// <summary>Hostile values and field names never change the SQL text: they only ever travel as parameters.</summary>
public class SqlInjectionTests(DuckDbCorpusFixture corpus) : IClassFixture<DuckDbCorpusFixture>
{
    public static readonly TheoryData<string> Hostile =
    [
        "x' OR '1'='1",
        "x'; DROP TABLE logs; --",
        "x\"; DROP TABLE logs; --",
        "/* comment */ x",
        "-- x",
        "a\\' OR 1=1 --",
        "$1",
        "?",
        "%_%",
        "\u0000nul",
        "e\u0301t\u00e9 \u202Eevil\u202C",
        "日本語 🚀",
        "\\\\",
        "x' || (SELECT version()) || '",
        "'); COPY logs TO '/tmp/x.csv'; --",
    ];

    private static string EscapeKql(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_values_only_change_parameters(string value)
    {
        foreach (var shape in new[] { "message:\"{0}\"", "user.name:\"{0}\"", "host.name:\"{0}\"", "labels.code < \"{0}\"", "\"{0}\"", "tags:(\"{0}\" or \"{0}\")" })
        {
            // Text fields' SQL depends on how many tokens the value has (documented); keep that count for the benign twin.
            var isText = shape.StartsWith("message", StringComparison.Ordinal) || shape.StartsWith('"');
            var tokens = TextTokens.Tokenize(value);
            var benignValue = isText ? string.Join(' ', tokens.Select(t => "benign" + (char)('a' + tokens.ToList().IndexOf(t)))) : "benign";
            var benign = Translate(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, benignValue));
            var hostile = Translate(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, EscapeKql(value)));
            Assert.Equal(benign.Where, hostile.Where);
            if (value.Length > 3)
            {
                Assert.DoesNotContain(value, hostile.Where, StringComparison.Ordinal);
            }

            AssertRunsAndAgrees(shape.Replace("{0}", EscapeKql(value), StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_field_names_only_change_parameters(string name)
    {
        // '*' in a field name is a field-name pattern (expanded against known fields), so it is left out here.
        var field = name.Replace("\u0000", string.Empty, StringComparison.Ordinal).Replace("*", string.Empty, StringComparison.Ordinal);
        if (!KqlFieldNames.IsValid(field))
        {
            return;
        }

        var quoted = "\"" + EscapeKql(field) + "\"";
        foreach (var shape in new[] { "{0}:x", "{0}:*", "{0} >= 5", "{0}:x*" })
        {
            // A plain ASCII last key gets a raw-text prefilter (more SQL): the benign twin is plain exactly when the hostile name is.
            var lastKey = field[(field.LastIndexOf('.') + 1)..];
            var plain = lastKey.Length > 0 && lastKey.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '@' or '-');
            var benign = Translate(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, plain ? "\"benign.field\"" : "\"benign field\""));
            var hostile = Translate(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, quoted));
            Assert.Equal(benign.Where, hostile.Where);
            AssertRunsAndAgrees(string.Format(System.Globalization.CultureInfo.InvariantCulture, shape, quoted));
        }
    }

    [Fact]
    public void Same_shape_queries_share_one_sql_template()
    {
        var a = Translate("log.level:error and not message:\"disk full\" and http.response.status_code >= 500");
        var b = Translate("log.level:warn and not message:\"gpu lost\" and http.response.status_code >= 400");
        Assert.Equal(a.Where, b.Where);
        Assert.NotEqual(a.Parameters, b.Parameters);
    }

    [Fact]
    public void Table_and_doc_column_names_are_validated()
    {
        var q = KqlParser.Parse("a:1");
        Assert.Throws<ArgumentException>(() => DuckDbSqlTranslator.Translate(q, "logs; DROP TABLE logs"));
        Assert.Equal("DuckDbTranslationOptions.DocColumn", Assert.Throws<ObsConfigException>(() => DuckDbSqlTranslator.Translate(q, "logs", new DuckDbTranslationOptions { DocColumn = "doc\"" })).Key);
    }

    [Fact]
    public void Control_characters_in_field_names_are_rejected() =>
        Assert.Throws<ArgumentException>(() => Translate("\"a\\u0001b\":x"));

    private static SqlFragment Translate(string kql) => DuckDbKql.Translate(KqlParser.Parse(kql), DuckDbSchema.LogsTable);

    private void AssertRunsAndAgrees(string kql)
    {
        var query = KqlParser.Parse(kql);
        var fragment = DuckDbKql.Translate(query, DuckDbSchema.LogsTable, corpus.KnownFields);
        using var cmd = corpus.Connection.CreateCommand();
        cmd.CommandText = $"SELECT count(*) FROM logs WHERE {fragment.Where}";
        foreach (var p in fragment.Parameters)
        {
            cmd.Parameters.Add(new DuckDBParameter(p!));
        }

        var sqlCount = Convert.ToInt64(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        var evaluated = corpus.Documents.Count(KqlEvaluator.Compile(query));
        Assert.Equal(evaluated, sqlCount);

        using var check = corpus.Connection.CreateCommand();
        check.CommandText = "SELECT count(*) FROM logs";
        Assert.Equal(corpus.Documents.Count, Convert.ToInt32(check.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
