using Observability.Benchmarks.Samples.Formats;
using Observability.Core.Documents;
using Observability.Pipelines.Patterns;

namespace Observability.Pipelines.Tests.Patterns;

public class HeaderDetectorTests
{
    [Theory]
    [InlineData("2026-11-26T08:00:00.123Z step=4", "2026-11-26T08:00:00.123Z")]
    [InlineData("2026-11-26T08:00:00+01:00 step=4", "2026-11-26T08:00:00+01:00")]
    [InlineData("2015-10-18 18:01:47,978 INFO [main] x", "2015-10-18 18:01:47,978")]
    [InlineData("2016-09-28 04:30:30, Info CBS Loaded", "2016-09-28 04:30:30,")]
    [InlineData("Jun 14 15:16:01 combo sshd[1]: x", "Jun 14 15:16:01")]
    [InlineData("Jun  4 05:06:07 combo kernel: x", "Jun  4 05:06:07")]
    [InlineData("[Sun Dec 04 04:47:44 2005] [notice] x", "[Sun Dec 04 04:47:44 2005]")]
    [InlineData("1117838570 2005.06.03 R02", "1117838570")]
    [InlineData("1514438859791 x", "1514438859791")]
    [InlineData("17/06/09 20:10:40 INFO x", "17/06/09 20:10:40")]
    [InlineData("20171223-22:15:29:606|Step_LSC|30002312|x", "20171223-22:15:29:606")]
    [InlineData("03-17 16:13:38.811  1702  2395 D Tag: x", "03-17 16:13:38.811")]
    [InlineData("081109 203615 148 INFO x", "081109 203615")]
    [InlineData("2005-06-03-15.42.50.675872 R02-M1", "2005-06-03-15.42.50.675872")]
    [InlineData("2005.06.03 R02-M1", "2005.06.03")]
    [InlineData("[10.30 16:49:06] chrome.exe - x", "[10.30 16:49:06]")]
    [InlineData("10/Oct/2000:13:55:36 -0700 GET /", "10/Oct/2000:13:55:36 -0700")]
    [InlineData("12:01:02.345 ready", "12:01:02.345")]
    public void Each_layout_timestamp_is_recognised_whole(string line, string stamp)
    {
        Assert.Equal(stamp.Length, TimestampScanner.MatchAt(line, 0));
    }

    [Theory]
    [InlineData("1702  2395 D Tag: x")]
    [InlineData("sshd[123]: Accepted")]
    [InlineData("Accepted password for root")]
    [InlineData("10.0.0.1 GET /")]
    [InlineData("v6.1.7601 loaded")]
    [InlineData("Junk 14 15:16:01")]
    [InlineData("")]
    public void Other_fields_are_not_timestamps(string line)
    {
        Assert.Equal(-1, TimestampScanner.MatchAt(line, 0));
    }

    public static TheoryData<string> Formats() => [.. LabelledFormats.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(Formats))]
    public void The_header_of_each_layout_is_learned_and_cut_off(string name)
    {
        var format = LabelledFormats.All.Single(f => f.Name == name);
        var set = LabelledFormats.Generate(format, 600, seed: 11);
        var layout = HeaderLayout.Learn([.. set.Take(300).Select(l => l.Raw)]);
        Assert.True(layout.Learned, $"{name}: {layout}");

        // The detected message is the true one, give or take one field at its start (Windows' component
        // column is kept; Proxifier's target, a number in most lines, joins the header).
        foreach (var line in set.Skip(300))
        {
            var detected = layout.Message(line.Raw);
            Assert.True(WithinOneField(detected, line.Message), $"{name}: '{detected}' for '{line.Message}' ({layout})");
            Assert.EndsWith(detected, line.Raw, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public void Messages_without_a_header_learn_none_and_stay_whole(string name)
    {
        var format = LabelledFormats.All.Single(f => f.Name == name);
        var set = LabelledFormats.Generate(format, 400, seed: 11);
        var layout = HeaderLayout.Learn([.. set.Take(200).Select(l => l.Message)]);
        Assert.False(layout.Learned, $"{name}: {layout}");
        Assert.All(set, l => Assert.Equal(l.Message, layout.Message(l.Message)));
    }

    [Fact]
    public void Lines_that_do_not_fit_the_layout_keep_all_but_a_leading_timestamp()
    {
        var set = LabelledFormats.Generate(LabelledFormats.All.Single(f => f.Name == "hadoop"), 300, seed: 5);
        var layout = HeaderLayout.Learn([.. set.Select(l => l.Raw)]);
        Assert.Equal("\tat org.apache.hadoop.ipc.Client.call(Client.java:1475)", layout.Message("\tat org.apache.hadoop.ipc.Client.call(Client.java:1475)"));
        Assert.Equal("Caused by: java.net.ConnectException: Connection refused", layout.Message("Caused by: java.net.ConnectException: Connection refused"));
        Assert.Equal("no level here", layout.Message("2015-10-18 18:01:47,978 no level here"));
        Assert.Equal(string.Empty, layout.Message(string.Empty));
    }

    [Fact]
    public void A_detector_uses_the_per_line_rule_until_it_has_learned_then_the_layout()
    {
        var set = LabelledFormats.Generate(LabelledFormats.All.Single(f => f.Name == "syslog"), 60, seed: 5);
        var detector = new HeaderDetector(sampleSize: 50);
        foreach (var line in set.Take(49))
        {
            Assert.EndsWith(line.Message, detector.Message(line.Raw), StringComparison.Ordinal);
        }

        Assert.False(detector.Learned);
        detector.Message(set[49].Raw);
        Assert.True(detector.Learned);
        Assert.Equal(HeaderFieldKind.Tag, detector.Layout.EndKind);
        Assert.All(set.Skip(50), l => Assert.Equal(l.Message, detector.Message(l.Raw)));
    }

    [Fact]
    public void The_pattern_processor_leaves_raw_headers_out_of_templates_but_mines_parsed_messages_as_they_are()
    {
        var processor = new LogPatternProcessor();
        var hosts = new[] { "combo", "nimbus" };
        EcsDocument? last = null;
        for (var i = 0; i < HeaderDetector.SampleSize + 10; i++)
        {
            var line = $"Jun {(i % 28) + 1,2} 10:{i % 60:D2}:0{i % 10} {hosts[i % 2]} su(pam_unix)[{1000 + i}]: session opened for user u{i % 3} by (uid={i})";
            last = new EcsDocument { Message = line };
            last.Set(EcsFields.EventOriginal, line);
            last.Set(EcsFields.LogFilePath, "/var/log/messages");
            processor.Process(last);
        }

        Assert.Equal("session opened for user u<*> by (uid=<*>", last![LogPatternProcessor.PatternTemplateField]);

        var parsed = new EcsDocument { Message = "combo disk full" };
        parsed.Set(EcsFields.EventOriginal, "Jun 14 15:16:01 combo disk full");
        processor.Process(parsed);
        Assert.Equal("combo disk full", parsed[LogPatternProcessor.PatternTemplateField]);
    }

    private static bool WithinOneField(string detected, string message)
    {
        if (detected == message)
        {
            return true;
        }

        var (longer, shorter) = detected.Length > message.Length ? (detected, message) : (message, detected);
        if (!longer.EndsWith(shorter, StringComparison.Ordinal))
        {
            return false;
        }

        var extra = longer[..^shorter.Length].Trim();
        return extra.Length > 0 && !extra.Contains(' ', StringComparison.Ordinal);
    }
}
