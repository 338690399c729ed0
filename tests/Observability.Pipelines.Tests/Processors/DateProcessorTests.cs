using Observability.Core.Documents;
using static Observability.Pipelines.Tests.PipelineHarness;

namespace Observability.Pipelines.Tests.Processors;

public class DateProcessorTests
{
    private static DateTimeOffset? Parse(string value, string formats, string extra = "")
    {
        var doc = new EcsDocument();
        doc.Set("t", value);
        var (_, d) = Run(Processor($"date: {{ field: t, formats: {formats}{extra} }}"), doc);
        return d["@timestamp"] as DateTimeOffset?;
    }

    [Theory]
    [InlineData("2026-11-26T08:00:00.123Z", "2026-11-26T08:00:00.1230000+00:00")]
    [InlineData("2026-11-26 08:00:00,5+01:00", "2026-11-26T07:00:00.5000000+00:00")]
    [InlineData("2026-11-26T08:00:00.1234567891-0230", "2026-11-26T10:30:00.1234567+00:00")]
    [InlineData("2026-11-26T08:00:00", "2026-11-26T08:00:00.0000000+00:00")]
    public void Iso8601_with_fractions_and_offsets(string input, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse(input, "[ISO8601]"));
    }

    [Fact]
    public void Httpdate_pattern_with_numeric_offset()
    {
        Assert.Equal(new DateTimeOffset(2000, 10, 10, 20, 55, 36, TimeSpan.Zero), Parse("10/Oct/2000:13:55:36 -0700", "['dd/MMM/yyyy:HH:mm:ss Z']"));
    }

    [Fact]
    public void Syslog_timestamps_take_the_current_year_or_the_last_one()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 6, 8, 1, 2, TimeSpan.Zero), Parse("Nov  6 08:01:02", "['MMM d HH:mm:ss']"));
        // Now is 26 Nov 2026: a December line is from last December.
        Assert.Equal(new DateTimeOffset(2025, 12, 31, 23, 59, 59, TimeSpan.Zero), Parse("Dec 31 23:59:59", "['MMM d HH:mm:ss']"));
    }

    [Fact]
    public void Timezone_applies_to_values_without_offset()
    {
        Assert.Equal(new DateTimeOffset(2026, 7, 1, 10, 0, 0, TimeSpan.Zero), Parse("2026-07-01 12:00:00", "['yyyy-MM-dd HH:mm:ss']", ", timezone: Europe/Berlin"));
    }

    [Theory]
    [InlineData("1764144000", "UNIX", 1764144000000)]
    [InlineData("1764144000.5", "UNIX", 1764144000500)]
    [InlineData("1764144000123", "UNIX_MS", 1764144000123)]
    public void Unix_epochs(string input, string format, long expectedMs)
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(expectedMs), Parse(input, $"[{format}]"));
    }

    [Fact]
    public void Formats_are_tried_in_order()
    {
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764144000), Parse("1764144000", "[ISO8601, UNIX]"));
    }

    [Fact]
    public void No_matching_format_fails_and_keeps_the_value()
    {
        var doc = new EcsDocument();
        doc.Set("t", "yesterday");
        var (_, d) = Run(Processor("date: { field: t, formats: [ISO8601] }"), doc);
        Assert.Equal("yesterday", d["t"]);
        Assert.False(d.Contains("@timestamp"));
        Assert.Contains("_date_failure", Tags(d));
    }

    [Fact]
    public void Unsupported_letters_and_zones_are_load_errors()
    {
        Assert.Equal("formats", Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("date: { field: t, formats: ['yyyy zzzz'] }")).Key);
        Assert.Equal("timezone", Assert.Throws<Observability.Pipelines.Definition.PipelineDefinitionException>(() => Processor("date: { field: t, formats: [ISO8601], timezone: Mars/Olympus }")).Key);
    }
}
