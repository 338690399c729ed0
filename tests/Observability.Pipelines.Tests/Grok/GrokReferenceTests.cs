using Observability.Core.Documents;
using Observability.Pipelines.Grok;

namespace Observability.Pipelines.Tests.Grok;

/// <summary>
/// Grok behaviour checked against what the Logstash grok filter and Elasticsearch grok processor documentation
/// describe: its worked examples (the "55.3.244.1 GET /index.html" line, the postfix line with an Oniguruma
/// named capture and a custom pattern), typed captures, unanchored matching, DATA being lazy and GREEDYDATA
/// greedy, semantic captures inside library patterns being kept, and the boundaries each standard pattern has.
/// </summary>
public class GrokReferenceTests
{
    public static TheoryData<string, string, string> Matches => new()
    {
        // pattern, input, expected captures as "field=value;…" (typed values as .NET would print them)
        { "%{IP:client} %{WORD:method} %{URIPATHPARAM:request} %{NUMBER:bytes:int} %{NUMBER:duration:double}", "55.3.244.1 GET /index.html 15824 0.043", "client=55.3.244.1;method=GET;request=/index.html;bytes=15824;duration=0.043" },
        { "%{INT:n}", "abc 42 def", "n=42" },
        { "^%{INT:a} %{INT:b}$", "+5 -3", "a=+5;b=-3" },
        { "%{NUMBER:x:float}", "took 12.5s", "x=12.5" },
        { "^%{BASE10NUM:x}$", ".5", "x=.5" },
        { "^%{IPV4:ip}$", "10.0.255.1", "ip=10.0.255.1" },
        { "^%{IPV6:ip}$", "2001:db8::1", "ip=2001:db8::1" },
        { "^%{IPV6:ip}$", "::1", "ip=::1" },
        { "^%{IPV6:ip}$", "fe80::1%eth0", "ip=fe80::1%eth0" },
        { "^%{IP:ip}$", "fe80::a:b", "ip=fe80::a:b" },
        { "^%{HOSTNAME:h}$", "node-01.cluster.local", "h=node-01.cluster.local" },
        { "^%{TIMESTAMP_ISO8601:t}$", "2026-11-26T08:00:00.123Z", "t=2026-11-26T08:00:00.123Z" },
        { "^%{TIMESTAMP_ISO8601:t}$", "2026-11-26 08:00:00,123", "t=2026-11-26 08:00:00,123" },
        { "^%{TIMESTAMP_ISO8601:t}$", "2026-11-26T08:00+01:00", "t=2026-11-26T08:00+01:00" },
        { "^%{HTTPDATE:t}$", "10/Oct/2000:13:55:36 -0700", "t=10/Oct/2000:13:55:36 -0700" },
        { "^%{SYSLOGTIMESTAMP:t}$", "Nov  6 08:01:02", "t=Nov  6 08:01:02" },
        { "^%{SYSLOGTIMESTAMP:t}$", "Nov 26 08:01:02", "t=Nov 26 08:01:02" },
        { "^%{LOGLEVEL:l}$", "warning", "l=warning" },
        { "^%{LOGLEVEL:l}$", "FATAL", "l=FATAL" },
        { "^%{LOGLEVEL:l}$", "Err", "l=Err" },
        { "^%{LOGLEVEL:l}$", "EMERG", "l=EMERG" },
        { "^%{UUID:u}$", "123e4567-e89b-12d3-a456-426614174000", "u=123e4567-e89b-12d3-a456-426614174000" },
        { "^%{PATH:p}$", "/var/log/kern.log", "p=/var/log/kern.log" },
        { "^%{PATH:p}$", "C:\\Windows\\Temp\\x.log", "p=C:\\Windows\\Temp\\x.log" },
        { "^%{URI:u}$", "https://user:pw@example.com:8443/a/b?c=d&e=f", "u=https://user:pw@example.com:8443/a/b?c=d&e=f" },
        { "^%{WORD:w} %{NOTSPACE:n} %{GREEDYDATA:rest}$", "hello /x/y?z=1 and the rest", "w=hello;n=/x/y?z=1;rest=and the rest" },
        { "^%{DATA:a},%{GREEDYDATA:b}$", "x,y,z", "a=x;b=y,z" },
        { "^%{GREEDYDATA:a},%{GREEDYDATA:b}$", "x,y,z", "a=x,y;b=z" },
        { "^%{DATA:a}x$", "x", "" },
        // Semantic captures inside library patterns are kept, with ECS field references made dotted.
        { "^%{SYSLOGBASE} %{GREEDYDATA:message}$", "Nov 26 08:01:02 gpu-07 sshd[4242]: Accepted publickey", "timestamp=Nov 26 08:01:02;host.hostname=gpu-07;process.name=sshd;process.pid=4242;message=Accepted publickey" },
        // Logstash documentation: Oniguruma named capture and custom pattern (POSTFIX_QUEUEID, see PatternDefinitions).
        { "%{SYSLOGBASE} (?<queue_id>[0-9A-F]{10,11}): %{GREEDYDATA:syslog_message}", "Jan  1 06:25:43 mailserver14 postfix/cleanup[21403]: BEF25A72965: message-id=<20130101142543.5828399CCAF@mailserver14.example.com>", "timestamp=Jan  1 06:25:43;host.hostname=mailserver14;process.name=postfix/cleanup;process.pid=21403;queue_id=BEF25A72965;syslog_message=message-id=<20130101142543.5828399CCAF@mailserver14.example.com>" },
        { "(?<[gpu][bus]>[0-9a-f]{4}:[0-9a-f]{2}:[0-9a-f]{2})", "PCI:0000:3b:00", "gpu.bus=0000:3b:00" },
        { "^%{EMAILADDRESS:e}$", "ops@example.org", "e=ops@example.org" },
        { "^%{MAC:m}$", "00:1b:21:3a:4f:5c", "m=00:1b:21:3a:4f:5c" },
        { "^%{POSINT:p}$", "17", "p=17" },
    };

    public static TheoryData<string, string> NonMatches => new()
    {
        { "^%{IPV4}$", "256.1.1.1" },
        { "^%{IPV4}$", "10.0.0" },
        { "^%{INT}$", "4.5" },
        { "^%{POSINT}$", "0" },
        { "^%{NUMBER}$", "1.2.3" },
        { "^%{WORD}$", "two words" },
        { "^%{NOTSPACE}$", "a b" },
        { "^%{UUID}$", "123e4567-e89b-12d3-a456-42661417400" },
        { "^%{LOGLEVEL}$", "verbose" },
        { "^%{TIMESTAMP_ISO8601}$", "26/11/2026 08:00:00" },
        { "^%{HTTPDATE}$", "2026-11-26T08:00:00Z" },
        { "^%{SYSLOGTIMESTAMP}$", "Nov 26 8am" },
        { "^%{PATH}$", "relative/path" },
        { "^%{URI}$", "not a uri" },
        { "^%{HOSTNAME}$", "-leading-dash" },
    };

    [Theory]
    [MemberData(nameof(Matches))]
    public void Reference_examples_match_with_the_documented_captures(string pattern, string input, string expected)
    {
        var library = GrokPatternLibrary.Standard.With(new Dictionary<string, string> { ["POSTFIX_QUEUEID"] = "[0-9A-F]{10,11}" });
        var grok = GrokCompiler.Compile(pattern, library, compiled: false);
        var doc = new EcsDocument();
        Assert.Null(grok.Apply(input, doc));
        var actual = string.Join(';', doc.Fields.Select(f => $"{f.Key}={Convert.ToString(f.Value, System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(NonMatches))]
    public void Reference_non_matches_do_not_match(string pattern, string input)
    {
        Assert.Equal(string.Empty, GrokCompiler.Compile(pattern, GrokPatternLibrary.Standard, compiled: false).Apply(input, new EcsDocument()));
    }

    [Fact]
    public void Compiled_and_interpreted_expressions_agree()
    {
        const string pattern = "^%{SYSLOGBASE} %{GREEDYDATA:message}$";
        const string line = "Nov 26 08:01:02 gpu-07 sshd[4242]: Accepted publickey";
        var compiled = new EcsDocument();
        var interpreted = new EcsDocument();
        Assert.Null(GrokCompiler.Compile(pattern, GrokPatternLibrary.Standard).Apply(line, compiled));
        Assert.Null(GrokCompiler.Compile(pattern, GrokPatternLibrary.Standard, compiled: false).Apply(line, interpreted));
        Assert.Equal(compiled.Fields, interpreted.Fields);
    }

    [Fact]
    public void Typed_captures_produce_numbers()
    {
        var doc = new EcsDocument();
        GrokCompiler.Compile("%{NUMBER:i:int} %{NUMBER:l:long} %{NUMBER:f:float} %{WORD:b:boolean}", GrokPatternLibrary.Standard).Apply("7 8 9.5 true", doc);
        Assert.Equal(7L, doc["i"]);
        Assert.Equal(8L, doc["l"]);
        Assert.Equal(9.5, doc["f"]);
        Assert.Equal(true, doc["b"]);
    }

    [Fact]
    public void A_typed_capture_that_cannot_convert_is_reported()
    {
        var error = GrokCompiler.Compile("%{WORD:b:boolean}", GrokPatternLibrary.Standard).Apply("maybe", new EcsDocument());
        Assert.Contains("not a valid boolean", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Custom_definitions_may_refer_to_library_patterns()
    {
        var library = GrokPatternLibrary.Standard.With(new Dictionary<string, string> { ["GPU_UUID"] = "GPU-%{UUID}" });
        var doc = new EcsDocument();
        GrokCompiler.Compile("on %{GPU_UUID:gpu.uuid}", library).Apply("fault on GPU-123e4567-e89b-12d3-a456-426614174000 now", doc);
        Assert.Equal("GPU-123e4567-e89b-12d3-a456-426614174000", doc["gpu.uuid"]);
    }

    [Fact]
    public void Recursive_definitions_and_unknown_types_are_rejected()
    {
        var library = GrokPatternLibrary.Standard.With(new Dictionary<string, string> { ["A"] = "%{B}", ["B"] = "x%{A}" });
        Assert.Contains("refers to itself", Assert.Throws<FormatException>(() => GrokCompiler.Compile("%{A}", library)).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => GrokCompiler.Compile("%{INT:x:decimal}", GrokPatternLibrary.Standard));
        Assert.Throws<FormatException>(() => GrokCompiler.Compile("%{INT:x", GrokPatternLibrary.Standard));
    }

    [Fact]
    public void Ruby_multiline_flag_lets_dot_cross_newlines()
    {
        var doc = new EcsDocument();
        Assert.Null(GrokCompiler.Compile("(?m)^first.*%{WORD:last}$", GrokPatternLibrary.Standard).Apply("first\nsecond\nthird", doc));
        Assert.Equal("third", doc["last"]);
    }

    [Fact]
    public void The_library_holds_every_pattern_the_issue_names()
    {
        foreach (var name in new[] { "NUMBER", "INT", "BASE10NUM", "IP", "IPV4", "IPV6", "HOSTNAME", "TIMESTAMP_ISO8601", "HTTPDATE", "SYSLOGTIMESTAMP", "LOGLEVEL", "WORD", "NOTSPACE", "DATA", "GREEDYDATA", "UUID", "PATH", "URI" })
        {
            Assert.True(GrokPatternLibrary.Standard.TryGet(name, out _), name);
            GrokCompiler.Compile($"%{{{name}:x}}", GrokPatternLibrary.Standard, compiled: false);
        }
    }
}
