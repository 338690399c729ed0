using Observability.Detection.Alerting;

namespace Observability.Detection.Tests.Alerting;

public sealed class LabelTests
{
    [Fact]
    public void Fingerprints_are_alertmanagers_fnv1a_of_sorted_labels()
    {
        Assert.Equal("cbf29ce484222325", LabelSet.Empty.Fingerprint); // FNV-1a 64 offset basis: nothing hashed
        var a = LabelSet.Of(("alertname", "GpuHot"), ("host", "n1"));
        var b = LabelSet.Of(("host", "n1"), ("alertname", "GpuHot"));
        Assert.Equal(a.Fingerprint, b.Fingerprint);
        Assert.NotEqual(a.Fingerprint, LabelSet.Of(("alertname", "GpuHot"), ("host", "n2")).Fingerprint);
        // name/value boundaries are separated: {ab="c"} and {a="bc"} differ
        Assert.NotEqual(LabelSet.Of(("ab", "c")).Fingerprint, LabelSet.Of(("a", "bc")).Fingerprint);
        Assert.Equal("{alertname=\"GpuHot\", host=\"n1\"}", a.ToString());
    }

    [Theory]
    [InlineData("host=node1", "node1", true)]
    [InlineData("host!=node1", "node1", false)]
    [InlineData("host=~\"node[0-9]+\"", "node12", true)]
    [InlineData("host=~node1", "node12", false)]
    [InlineData("host!~\"gpu.*\"", "node1", true)]
    [InlineData("missing=", "node1", true)]
    public void Matchers_parse_and_match_like_alertmanager(string matcher, string host, bool expected)
    {
        Assert.Equal(expected, LabelMatcher.Parse(matcher).Matches(LabelSet.Of(("host", host))));
    }

    [Fact]
    public void A_bad_matcher_is_a_clear_error()
    {
        Assert.Throws<FormatException>(() => LabelMatcher.Parse("justtext"));
        Assert.Throws<FormatException>(() => LabelMatcher.Parse("host=~\"(\""));
    }
}
