using Observability.Core.Time;

namespace Observability.Core.Tests.Time;

public sealed class LeadingTimestampParserTests
{
    /// <summary>Read a week after the lines were written: a catch-up after downtime.</summary>
    private static readonly DateTimeOffset ReadTime = new(2026, 12, 12, 9, 0, 0, TimeSpan.Zero);

    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-12-05T06:30:15.250Z INFO started", "2026-12-05T06:30:15.2500000Z", 24)]
    [InlineData("2026-12-05T07:30:15.250+01:00 started", "2026-12-05T06:30:15.2500000Z", 29)]
    [InlineData("2026-12-05T07:30:15+0100 started", "2026-12-05T06:30:15.0000000Z", 24)]
    [InlineData("2026-12-05 06:30:15,250 INFO [main] started", "2026-12-05T06:30:15.2500000Z", 23)]
    [InlineData("2026/12/05 06:30:15 [error] 7#7: open() failed", "2026-12-05T06:30:15.0000000Z", 19)]
    [InlineData("2026-12-05T06:30:15.123456789Z nanoseconds", "2026-12-05T06:30:15.1234567Z", 30)]
    [InlineData("Dec  5 06:30:15 node-1 kernel: NVRM: Xid 79", "2026-12-05T06:30:15.0000000Z", 15)]
    [InlineData("Dec 05 06:30:15 node-1 sshd[7]: accepted", "2026-12-05T06:30:15.0000000Z", 15)]
    [InlineData("<34>Dec  5 06:30:15 node-1 su: failed", "2026-12-05T06:30:15.0000000Z", 19)]
    [InlineData("<165>1 2026-12-05T06:30:15.003Z node-1 app - - msg", "2026-12-05T06:30:15.0030000Z", 31)]
    [InlineData("[Sat Dec 05 06:30:15.250000 2026] [core:error] [pid 7] AH00037", "2026-12-05T06:30:15.2500000Z", 33)]
    [InlineData("[05/Dec/2026:07:30:15 +0100] \"GET / HTTP/1.1\" 200", "2026-12-05T06:30:15.0000000Z", 28)]
    [InlineData("I1205 06:30:15.250000    7 main.go:42] NCCL INFO ready", "2026-12-05T06:30:15.2500000Z", 21)]
    [InlineData("1764916215 step=10 loss=0.5", "2025-12-05T06:30:15.0000000Z", 10)]
    [InlineData("1764916215.5 step=10", "2025-12-05T06:30:15.5000000Z", 12)]
    [InlineData("1764916215250 step=10", "2025-12-05T06:30:15.2500000Z", 13)]
    [InlineData("  2026-12-05T06:30:15Z indented", "2026-12-05T06:30:15.0000000Z", 22)]
    public void Common_layouts_at_the_start_of_a_line_give_their_time(string line, string expected, int length)
    {
        Assert.True(LeadingTimestampParser.TryParse(line, ReadTime, TimeZoneInfo.Utc, out var time, out var n), line);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), time);
        Assert.Equal(length, n);
    }

    [Theory]
    [InlineData("GET /index.html 200")]
    [InlineData("step 10 loss=0.5 at 2026-12-05T06:30:15Z")]
    [InlineData("10.0.0.7 - - [05/Dec/2026:06:30:15 +0000] \"GET /\"")]
    [InlineData("2026-13-05T06:30:15Z month 13")]
    [InlineData("2026-02-30 06:30:15 no such day")]
    [InlineData("2026-12-05T24:30:15Z hour 24")]
    [InlineData("20261205063015 digits")]
    [InlineData("12345 apples")]
    [InlineData("Decimal 5 06:30:15")]
    [InlineData("2026-12-05T06:30:15Zulu")]
    [InlineData("")]
    public void Lines_without_a_leading_time_give_none(string line) =>
        Assert.False(LeadingTimestampParser.TryParse(line, ReadTime, TimeZoneInfo.Utc, out _, out _), line);

    [Fact]
    public void A_time_without_an_offset_is_read_in_the_given_zone()
    {
        Assert.True(LeadingTimestampParser.TryParse("2026-12-05 07:30:15 INFO x", ReadTime, Berlin, out var time, out _));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 6, 30, 15, TimeSpan.Zero), time);
        Assert.True(LeadingTimestampParser.TryParse("2026-12-05T07:30:15Z INFO x", ReadTime, Berlin, out time, out _));
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 7, 30, 15, TimeSpan.Zero), time);
    }

    [Fact]
    public void A_line_time_after_the_read_time_is_refused_so_no_event_moves_into_the_future()
    {
        var read = new DateTimeOffset(2026, 12, 5, 6, 30, 0, TimeSpan.Zero);
        Assert.False(LeadingTimestampParser.TryParse("2026-12-05T06:30:01Z ahead by a second", read, TimeZoneInfo.Utc, out _, out _));
        Assert.False(LeadingTimestampParser.TryParse("Dec  5 06:30:01 ahead by a second, not last year", read, TimeZoneInfo.Utc, out _, out _));
        Assert.True(LeadingTimestampParser.TryParse("2026-12-05T06:30:00Z exactly at the read time", read, TimeZoneInfo.Utc, out var t, out _));
        Assert.Equal(read, t);
    }

    [Fact]
    public void A_line_without_a_year_written_in_december_and_read_in_january_is_last_years()
    {
        var read = new DateTimeOffset(2027, 1, 2, 0, 10, 0, TimeSpan.Zero);
        Assert.True(LeadingTimestampParser.TryParse("Dec 31 23:59:58 node-1 kernel: x", read, TimeZoneInfo.Utc, out var syslog, out _));
        Assert.Equal(new DateTimeOffset(2026, 12, 31, 23, 59, 58, TimeSpan.Zero), syslog);
        Assert.True(LeadingTimestampParser.TryParse("E1231 23:59:58.000000 7 x.go:1] y", read, TimeZoneInfo.Utc, out var klog, out _));
        Assert.Equal(syslog, klog);
    }

    [Fact]
    public void Only_the_start_of_a_long_line_is_examined()
    {
        var line = new string(' ', LeadingTimestampParser.MaxScan) + "2026-12-05T06:30:15Z";
        Assert.False(LeadingTimestampParser.TryParse(line, ReadTime, TimeZoneInfo.Utc, out _, out _));
    }
}
