using Observability.Core.Telemetry;

namespace Observability.Core.Tests.Telemetry;

public sealed class ComponentTelemetryTests
{
    [Fact]
    public void Counts_are_read_back_in_total_and_per_reason()
    {
        using var telemetry = new ComponentTelemetry("Tests.ReadBack");
        var received = telemetry.Counter(TelemetryNames.Received);
        var dropped = telemetry.Counter(TelemetryNames.Dropped, "duplicate", "pipeline");

        received.Add(10);
        dropped.For("duplicate").Add(3);
        Assert.Equal(2, dropped.For("pipeline").Add(2));

        Assert.Equal(10, telemetry.Value(TelemetryNames.Received));
        Assert.Equal(5, telemetry.Value(TelemetryNames.Dropped));
        Assert.Equal(3, telemetry.Value(TelemetryNames.Dropped, "duplicate"));
        Assert.Equal(2, telemetry.Value(TelemetryNames.Dropped, "pipeline"));
        Assert.Equal("received=10 dropped=5 dropped.duplicate=3 dropped.pipeline=2", telemetry.ToString());
    }

    [Fact]
    public void A_gauge_reads_its_last_level()
    {
        using var telemetry = new ComponentTelemetry("Tests.Gauge");
        var open = telemetry.Gauge("files_open");
        open.Set(4);
        open.Set(2);

        Assert.Equal(2, telemetry.Value("files_open"));
        Assert.Contains(new TelemetryReading("Tests.Gauge", "files_open", null, 2, TelemetryKind.Gauge), telemetry.Read());
    }

    [Fact]
    public void An_unknown_figure_or_reason_throws_rather_than_reading_zero()
    {
        using var telemetry = new ComponentTelemetry("Tests.Unknown");
        telemetry.Counter(TelemetryNames.Failed, "dead_letter");

        Assert.Throws<KeyNotFoundException>(() => telemetry.Value("recieved"));
        Assert.Throws<KeyNotFoundException>(() => telemetry.Value(TelemetryNames.Failed, "dead_leter"));
        Assert.Equal(0, telemetry.Value(TelemetryNames.Failed, "dead_letter"));
    }

    [Fact]
    public void The_listener_reads_the_meters_summed_over_instances_with_the_reason_as_a_tag()
    {
        const string component = "Tests.Listener";
        using var listener = new TelemetryListener(c => c == component);
        using var first = new ComponentTelemetry(component);
        using var second = new ComponentTelemetry(component);
        first.Counter(TelemetryNames.Sent).Add(7);
        second.Counter(TelemetryNames.Sent).Add(5);
        first.Counter(TelemetryNames.Failed).For("rejected").Add(1);
        second.Gauge("batches_in_flight").Set(3);

        var readings = listener.Collect();

        Assert.Equal(
        [
            new TelemetryReading(component, "batches_in_flight", null, 3, TelemetryKind.Gauge),
            new TelemetryReading(component, TelemetryNames.Failed, "rejected", 1, TelemetryKind.Counter),
            new TelemetryReading(component, TelemetryNames.Sent, null, 12, TelemetryKind.Counter),
        ], readings);

        second.Dispose();
        Assert.Contains(new TelemetryReading(component, TelemetryNames.Sent, null, 7, TelemetryKind.Counter), listener.Collect());
    }

    [Fact]
    public void The_listener_ignores_meters_outside_the_observability_prefix()
    {
        using var listener = new TelemetryListener(c => c.StartsWith("Tests.Prefix", StringComparison.Ordinal));
        using var other = new System.Diagnostics.Metrics.Meter("Tests.Prefix.Foreign");
        other.CreateObservableCounter("sent", () => 1L);
        using var ours = new ComponentTelemetry("Tests.Prefix");
        ours.Counter(TelemetryNames.Sent).Add(2);

        Assert.Equal([new TelemetryReading("Tests.Prefix", TelemetryNames.Sent, null, 2, TelemetryKind.Counter)], listener.Collect());
    }
}
