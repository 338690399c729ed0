using System.Text.Json;
using Observability.Core.Logging;
using Serilog;
using Serilog.Core;
using Serilog.Events;

namespace Observability.Core.Tests.Logging;

public sealed class EcsTextFormatterTests
{
    private sealed class Capture : ILogEventSink
    {
        public List<LogEvent> Events { get; } = [];

        public void Emit(LogEvent logEvent) => Events.Add(logEvent);
    }

    private static JsonElement Format(Action<ILogger> log, Func<string?, string>? serviceFor = null)
    {
        var capture = new Capture();
        using (var logger = new LoggerConfiguration().MinimumLevel.Verbose().WriteTo.Sink(capture).CreateLogger())
        {
            log(logger);
        }

        var writer = new StringWriter();
        new EcsTextFormatter(new EcsLogEvent("obs-test", "node-7", serviceFor)).Format(capture.Events.Single(), writer);
        var text = writer.ToString();
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public void An_event_becomes_one_line_of_nested_ecs_json_with_the_rendered_message_and_named_properties_as_labels()
    {
        var json = Format(l => l.ForContext("SourceContext", "Observability.Indexer.IndexerService")
            .Warning("Stored batch of {Count} from {Path}", 42, "/var/log/a.log"));

        Assert.Equal("Stored batch of 42 from \"/var/log/a.log\"", json.GetProperty("message").GetString());
        Assert.Equal("warn", json.GetProperty("log").GetProperty("level").GetString());
        Assert.Equal("Observability.Indexer.IndexerService", json.GetProperty("log").GetProperty("logger").GetString());
        Assert.Equal("obs-test", json.GetProperty("service").GetProperty("name").GetString());
        Assert.Equal("node-7", json.GetProperty("host").GetProperty("name").GetString());
        Assert.Equal("42", json.GetProperty("labels").GetProperty("Count").GetString());
        Assert.Equal("/var/log/a.log", json.GetProperty("labels").GetProperty("Path").GetString());
        Assert.Equal("8.17.0", json.GetProperty("ecs").GetProperty("version").GetString());
        Assert.Equal("logs", json.GetProperty("data_stream").GetProperty("type").GetString());
        Assert.True(json.GetProperty("@timestamp").GetString()!.EndsWith('Z'));
    }

    [Fact]
    public void An_exception_is_written_as_ecs_error_fields()
    {
        var json = Format(l => l.Error(new InvalidOperationException("disk full"), "Write failed"));

        var error = json.GetProperty("error");
        Assert.Equal("System.InvalidOperationException", error.GetProperty("type").GetString());
        Assert.Equal("disk full", error.GetProperty("message").GetString());
        Assert.Contains("disk full", error.GetProperty("stack_trace").GetString(), StringComparison.Ordinal);
        Assert.Equal("error", json.GetProperty("log").GetProperty("level").GetString());
    }

    [Fact]
    public void The_service_name_can_follow_the_logger_that_wrote_the_event()
    {
        var json = Format(
            l => l.ForContext("SourceContext", "Observability.Agent.Files.FileAgent").Information("hello"),
            logger => logger?.StartsWith("Observability.Agent", StringComparison.Ordinal) == true ? "obs-agent" : "obs-up");

        Assert.Equal("obs-agent", json.GetProperty("service").GetProperty("name").GetString());
    }
}
