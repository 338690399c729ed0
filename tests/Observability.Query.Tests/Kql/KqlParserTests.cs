using Observability.Query.Kql;

namespace Observability.Query.Tests.Kql;

public class KqlParserTests
{
    private static KqlMatch M(string? field, string value, bool phrase = false) => new(field, KqlValue.Literal(value, phrase));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\t\n")]
    public void Empty_query_matches_everything(string text) => Assert.True(KqlParser.Parse(text).IsMatchAll);

    [Fact]
    public void Field_value() => Assert.Equal(M("log.level", "error"), KqlParser.Parse("log.level:error").Root);

    [Fact]
    public void Spaces_around_colon_are_allowed() => Assert.Equal(M("log.level", "error"), KqlParser.Parse("  log.level :  error ").Root);

    [Fact]
    public void Free_text_keeps_inner_spaces_and_trims_the_end() => Assert.Equal(M(null, "connection refused"), KqlParser.Parse("connection refused  ").Root);

    [Fact]
    public void Quoted_phrase() => Assert.Equal(M("message", "disk full", phrase: true), KqlParser.Parse("message:\"disk full\"").Root);

    [Fact]
    public void Not_binds_tighter_than_and_which_binds_tighter_than_or()
    {
        var root = KqlParser.Parse("a:1 or not b:2 and c:3").Root;
        var expected = new KqlOr([M("a", "1"), new KqlAnd([new KqlNot(M("b", "2")), M("c", "3")])]);
        Assert.Equal(expected, root);
    }

    [Fact]
    public void Parentheses_override_precedence()
    {
        var root = KqlParser.Parse("(a:1 or b:2) and c:3").Root;
        Assert.Equal(new KqlAnd([new KqlOr([M("a", "1"), M("b", "2")]), M("c", "3")]), root);
    }

    [Theory]
    [InlineData("a:1 AND b:2")]
    [InlineData("a:1 And b:2")]
    [InlineData("a:1 and b:2")]
    public void Keywords_are_case_insensitive(string text) => Assert.Equal(new KqlAnd([M("a", "1"), M("b", "2")]), KqlParser.Parse(text).Root);

    [Fact]
    public void Value_group_applies_the_field_to_each_value_with_precedence()
    {
        var root = KqlParser.Parse("level:(a or b and not c)").Root;
        Assert.Equal(new KqlOr([M("level", "a"), new KqlAnd([M("level", "b"), new KqlNot(M("level", "c"))])]), root);
    }

    [Fact]
    public void Wildcards_split_the_value_into_segments()
    {
        var root = (KqlMatch)KqlParser.Parse("host.name:gpu-*-a*").Root!;
        Assert.Equal(["gpu-", "-a", ""], root.Value.Segments);
        Assert.True(root.Value.IsWildcard);
    }

    [Fact]
    public void Field_star_is_exists() => Assert.Equal(new KqlExists("trace.id"), KqlParser.Parse("trace.id:*").Root);

    [Fact]
    public void Bare_star_is_match_all() => Assert.True(KqlParser.Parse("*").IsMatchAll);

    [Fact]
    public void Quoted_star_is_a_literal() => Assert.Equal(M("a", "*", phrase: true), KqlParser.Parse("a:\"*\"").Root);

    [Fact]
    public void Escaped_specials_are_literals()
    {
        var root = (KqlMatch)KqlParser.Parse(@"path:c\:\\temp\*\(x\)").Root!;
        Assert.Equal(@"c:\temp*(x)", root.Value.Text);
        Assert.False(root.Value.IsWildcard);
    }

    [Fact]
    public void Escaped_keyword_is_a_value() => Assert.Equal(M(null, "a or b"), KqlParser.Parse(@"a \or b").Root);

    [Fact]
    public void Quoted_string_escapes()
    {
        var root = (KqlMatch)KqlParser.Parse("m:\"say \\\"hi\\\" \\\\ \\n \\u0041 \\*\"").Root!;
        Assert.Equal("say \"hi\" \\ \n A \\*", root.Value.Text);
    }

    [Theory]
    [InlineData("bytes > 10", KqlRangeOperator.GreaterThan)]
    [InlineData("bytes>=10", KqlRangeOperator.GreaterThanOrEqual)]
    [InlineData("bytes < 10", KqlRangeOperator.LessThan)]
    [InlineData("bytes <=10", KqlRangeOperator.LessThanOrEqual)]
    public void Ranges(string text, KqlRangeOperator op) => Assert.Equal(new KqlRange("bytes", op, "10"), KqlParser.Parse(text).Root);

    [Fact]
    public void Range_with_quoted_date() =>
        Assert.Equal(new KqlRange("@timestamp", KqlRangeOperator.GreaterThanOrEqual, "2024-01-01T00:00:00Z"), KqlParser.Parse("@timestamp >= \"2024-01-01T00:00:00Z\"").Root);

    [Fact]
    public void Range_with_date_math() =>
        Assert.Equal(new KqlRange("@timestamp", KqlRangeOperator.LessThan, "now-1d/d"), KqlParser.Parse("@timestamp < now-1d/d").Root);

    [Fact]
    public void Field_name_wildcard()
    {
        var root = (KqlMatch)KqlParser.Parse("host.*:gpu1").Root!;
        Assert.True(root.IsFieldPattern);
        Assert.Equal("host.*", root.Field);
    }

    [Fact]
    public void Nested_braces_prefix_field_names() =>
        Assert.Equal(new KqlAnd([M("user.first", "a"), M("user.last", "b")]), KqlParser.Parse("user:{ first:a and last:b }").Root);

    [Fact]
    public void Words_containing_keywords_are_values() => Assert.Equal(M("a", "organd notable"), KqlParser.Parse("a:organd notable").Root);

    [Fact]
    public void Not_before_a_group_needs_a_space() => Assert.Equal(new KqlNot(M("a", "1")), KqlParser.Parse("not (a:1)").Root);

    [Fact]
    public void Not_of_a_not_needs_parentheses() => Assert.Equal(new KqlNot(new KqlNot(M("a", "1"))), KqlParser.Parse("not (not a:1)").Root);

    [Theory]
    [InlineData("a:", 2)]
    [InlineData("a:1 and", 7)]
    [InlineData("(a:1", 4)]
    [InlineData("a:1)", 3)]
    [InlineData("a:\"open", 2)]
    [InlineData("a >", 3)]
    [InlineData(":x", 0)]
    [InlineData("a:(b or )", 8)]
    [InlineData("x\\", 1)]
    [InlineData("a:1 b:2", 5)]
    public void Syntax_errors_name_the_position(string text, int position)
    {
        var e = Assert.Throws<KqlSyntaxException>(() => KqlParser.Parse(text));
        Assert.Equal(position, e.Position);
        var lines = e.Caret.Split(Environment.NewLine);
        Assert.Equal(text, lines[0]);
        Assert.Equal(new string(' ', position) + "^", lines[1]);
    }

    [Fact]
    public void Deep_nesting_is_an_error_not_a_crash()
    {
        var text = new string('(', 10_000) + "a:1" + new string(')', 10_000);
        var e = Assert.Throws<KqlSyntaxException>(() => KqlParser.Parse(text));
        Assert.Contains("nested deeper", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_query_is_an_error() => Assert.Throws<KqlSyntaxException>(() => KqlParser.Parse(new string('a', KqlParser.MaxLength + 1)));

    [Fact]
    public void Printed_tree_reparses_to_the_same_tree()
    {
        var q = KqlParser.Parse("a:1 or not (b:\"x y\" and c:z*)");
        Assert.Equal(q.Root, KqlParser.Parse(q.ToString()).Root);
    }
}
