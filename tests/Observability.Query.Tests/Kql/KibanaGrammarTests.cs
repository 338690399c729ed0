using Observability.Query.Kql;

namespace Observability.Query.Tests.Kql;

/// <summary>
/// Whitespace, keywords and escapes as Kibana's KQL grammar (kbn-es-query's <c>grammar.peggy</c>) defines them:
/// <c>Space = [ \t\r\n\u00A0]</c>, <c>Or = Space+ 'or'i Space+</c>, <c>And = Space+ 'and'i Space+</c>,
/// <c>Not = 'not'i Space+</c>, <c>NotQuery = Not SubQuery</c>, and outside quotes a backslash escapes only
/// <c>\ ( ) : &lt; &gt; " * { }</c>, the keywords, <c>\t \r \n</c> and <c>\uXXXX</c>.
/// </summary>
public class KibanaGrammarTests
{
    private static KqlMatch M(string? field, string value, bool phrase = false) => new(field, KqlValue.Literal(value, phrase));

    [Theory]
    [InlineData("a:1\u00A0and\u00A0b:2")]
    [InlineData("a:1 \u00A0AND\u00A0 b:2")]
    [InlineData("\u00A0a:1\tand\nb:2\u00A0")]
    [InlineData("a\u00A0:\u00A01 and b :2")]
    public void No_break_space_is_whitespace_around_keywords_and_colons(string text) =>
        Assert.Equal(new KqlAnd([M("a", "1"), M("b", "2")]), KqlParser.Parse(text).Root);

    [Fact]
    public void No_break_space_after_not_is_whitespace() => Assert.Equal(new KqlNot(M("a", "1")), KqlParser.Parse("NOT\u00A0a:1").Root);

    [Fact]
    public void Other_unicode_spaces_are_part_of_the_value_as_in_kibana() => Assert.Equal(M("a", "x\u2003y"), KqlParser.Parse("a:x\u2003y").Root);

    [Theory]
    [InlineData("not not a:1", "'not not'")]
    [InlineData("a:(not not x)", "'not not'")]
    [InlineData("not(a:1)", "'not' must be followed by a space")]
    [InlineData("NOT(a:1)", "'not' must be followed by a space")]
    [InlineData("a:1 and(b:2)", "'and' must be followed by a space")]
    [InlineData("a:1 or(b:2)", "'or' must be followed by a space")]
    [InlineData("a:1 and\"x\"", "'and' must be followed by a space")]
    [InlineData("a\\x", "is not an escape")]
    [InlineData("a:b\\-c", "is not an escape")]
    [InlineData("a:\\u00zz", "is not an escape")]
    [InlineData("(a:1)and(b:2)", "expected")]
    public void Queries_kibana_rejects_are_rejected(string text, string reason)
    {
        var e = Assert.Throws<KqlSyntaxException>(() => KqlParser.Parse(text));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a:b\\:c", "b:c")]
    [InlineData("a:\\(x\\)", "(x)")]
    [InlineData("a:\\\"x\\\"", "\"x\"")]
    [InlineData("a:x\\\\y", "x\\y")]
    [InlineData("a:x\\<y\\>z", "x<y>z")]
    [InlineData("a:\\{x\\}", "{x}")]
    [InlineData("a:x\\ty", "x\ty")]
    [InlineData("a:x\\u0041", "xA")]
    [InlineData("a:\\and", "and")]
    [InlineData("a:\\OR", "OR")]
    [InlineData("a:x \\or y", "x or y")]
    [InlineData("a:\\not", "\not")] // Kibana tries \n before \not: a newline, then "ot".
    [InlineData("a:2026-12-05T06\\:30", "2026-12-05T06:30")]
    public void Unquoted_escapes_follow_kibana(string text, string value) => Assert.Equal(M("a", value), KqlParser.Parse(text).Root);

    [Fact]
    public void An_escaped_star_is_a_literal_star_not_a_wildcard() => Assert.Equal(M("a", "x*y"), KqlParser.Parse("a:x\\*y").Root);

    [Theory]
    [InlineData("a:\"x\\\"y\"", "x\"y")]
    [InlineData("a:\"x\\\\y\"", "x\\y")]
    [InlineData("a:\"x\\y\"", "x\\y")] // inside quotes an unknown escape keeps its backslash
    [InlineData("a:\"x\\*\"", "x\\*")]
    [InlineData("a:\"x\\ny\"", "x\ny")]
    public void Quoted_escapes_follow_kibana(string text, string value) => Assert.Equal(M("a", value, phrase: true), KqlParser.Parse(text).Root);

    [Theory]
    [InlineData("not (a:1)")]
    [InlineData("not  a:1")]
    [InlineData("not\ta:1")]
    public void Not_followed_by_whitespace_is_accepted(string text) => Assert.Equal(new KqlNot(M("a", "1")), KqlParser.Parse(text).Root);

    [Fact]
    public void Not_of_a_group_with_not_inside_is_accepted_and_prints_back_parseable()
    {
        var root = KqlParser.Parse("not (not a:1)").Root!;
        Assert.Equal(new KqlNot(new KqlNot(M("a", "1"))), root);
        Assert.Equal(root, KqlParser.Parse(root.ToString()!).Root);
    }

    [Fact]
    public void Words_that_start_with_keywords_are_values() =>
        Assert.Equal(new KqlAnd([M("a", "notable"), M("b", "order android")]), KqlParser.Parse("a:notable and b:order android").Root);

    [Fact]
    public void A_trailing_keyword_is_an_error_here_where_kibana_reads_it_as_part_of_the_value()
    {
        // Deliberate difference (docs/kql.md): Kibana's "Or" needs whitespace after it, so "a:1 or" is the value "1 or" there.
        var e = Assert.Throws<KqlSyntaxException>(() => KqlParser.Parse("a:1 or"));
        Assert.Contains("ended", e.Message, StringComparison.Ordinal);
    }
}
