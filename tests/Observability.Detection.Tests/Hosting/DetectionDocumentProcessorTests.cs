using Microsoft.Extensions.Time.Testing;
using Observability.Core.Documents;
using Observability.Core.Storage;
using Observability.Detection.Engine;
using Observability.Detection.Hosting;
using Observability.Detection.Rules;

namespace Observability.Detection.Tests.Hosting;

public sealed class DetectionDocumentProcessorTests
{
    [Fact]
    public void A_detector_that_throws_is_counted_and_the_document_is_still_kept_for_the_store()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
        var broken = new CompiledRule
        {
            Definition = new RuleDefinition { Name = "Broken", Type = "log_query" },
            Type = RuleType.LogQuery,
            Window = TimeSpan.FromMinutes(5),
            For = TimeSpan.Zero,
            Filter = _ => throw new InvalidOperationException("a bug in a rule"),
            Compare = CompiledRule.Comparison(">"),
        };
        var engine = new DetectionEngine(new DetectionOptions(), new RuleEngine([broken]), time);
        var processor = new DetectionDocumentProcessor(engine, time);
        var doc = new EcsDocument { Id = "doc-1" };
        doc.Set(EcsFields.HostName, "node1");
        doc.Set(EcsFields.Message, "hello");

        Assert.Equal(ProcessOutcome.Keep, processor.Process(doc));
        Assert.Equal(ProcessOutcome.Keep, processor.Process(doc));
        Assert.Equal(2, engine.Telemetry.Value("failed", "detector_error"));
        Assert.Equal("hello", doc.GetString(EcsFields.Message));
    }
}
