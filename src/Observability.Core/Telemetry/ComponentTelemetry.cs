using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Observability.Core.Telemetry;

/// <summary>
/// One component instance's figures on its own <see cref="Meter"/> (<c>Observability.&lt;Component&gt;</c>), in the
/// vocabulary of <see cref="TelemetryNames"/>. The component adds to the counters it created; status lines, benches and
/// tests read them back with <see cref="Value"/> or <see cref="Read"/>; <see cref="TelemetryListener"/> collects every
/// component's through System.Diagnostics.Metrics. Disposing it takes its meter away from listeners.
/// </summary>
public sealed class ComponentTelemetry : IDisposable
{
    private readonly Meter _meter;
    private readonly Lock _gate = new();
    private readonly List<TelemetryCounter> _counters = [];
    private readonly List<TelemetryGauge> _gauges = [];

    public ComponentTelemetry(string component)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(component);
        Component = component;
        _meter = new Meter(TelemetryNames.MeterPrefix + component);
    }

    /// <summary>The meter's name without the prefix, e.g. <c>Indexer</c>, <c>Kafka.Producer</c>.</summary>
    public string Component { get; }

    public string MeterName => _meter.Name;

    /// <summary>The counter <paramref name="name"/>, created on first use; split it by reason with <see cref="TelemetryCounter.For"/>.</summary>
    public TelemetryCounter Counter(string name)
    {
        lock (_gate)
        {
            if (_counters.Find(c => c.Name == name) is { } existing)
            {
                return existing;
            }

            var counter = new TelemetryCounter(name, null, null);
            _meter.CreateObservableCounter(name, counter.Observe);
            _counters.Add(counter);
            return counter;
        }
    }

    /// <summary>Creates the counter <paramref name="name"/> with one part per reason, so each reads as 0 before it counts.</summary>
    public TelemetryCounter Counter(string name, params string[] reasons)
    {
        var counter = Counter(name);
        foreach (var reason in reasons)
        {
            counter.For(reason);
        }

        return counter;
    }

    /// <summary>Creates a counter (see <see cref="Counter(string, string[])"/>) and returns this, so a component lists its figures in one expression.</summary>
    public ComponentTelemetry With(string name, params string[] reasons)
    {
        Counter(name, reasons);
        return this;
    }

    /// <summary>The gauge <paramref name="name"/>, created on first use.</summary>
    public TelemetryGauge Gauge(string name)
    {
        lock (_gate)
        {
            if (_gauges.Find(g => g.Name == name) is { } existing)
            {
                return existing;
            }

            var gauge = new TelemetryGauge(name);
            _meter.CreateObservableGauge(name, () => gauge.Value);
            _gauges.Add(gauge);
            return gauge;
        }
    }

    /// <summary>A counter's total (with <paramref name="reason"/>: that part's) or a gauge's level; an unknown name or reason throws.</summary>
    public long Value(string name, string? reason = null)
    {
        lock (_gate)
        {
            if (_counters.Find(c => c.Name == name) is { } counter)
            {
                return reason is null ? counter.Value : counter.Part(reason).Value;
            }

            if (reason is null && _gauges.Find(g => g.Name == name) is { } gauge)
            {
                return gauge.Value;
            }
        }

        throw new KeyNotFoundException($"{Component} has no figure {name}{(reason is null ? "" : $"{{{reason}}}")}");
    }

    /// <summary>Every figure now: each counter's total, then its parts, then the gauges, in the order they were created.</summary>
    public IReadOnlyList<TelemetryReading> Read()
    {
        var readings = new List<TelemetryReading>();
        lock (_gate)
        {
            foreach (var counter in _counters)
            {
                readings.Add(new TelemetryReading(Component, counter.Name, null, counter.Value, TelemetryKind.Counter));
                readings.AddRange(counter.Parts.Select(p => new TelemetryReading(Component, p.Name, p.Reason, p.Value, TelemetryKind.Counter)));
            }

            readings.AddRange(_gauges.Select(g => new TelemetryReading(Component, g.Name, null, g.Value, TelemetryKind.Gauge)));
        }

        return readings;
    }

    /// <summary>For status lines and stop messages: <c>received=10 sent=8 dropped=2 dropped.duplicate=2 …</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var r in Read())
        {
            text.Append(text.Length == 0 ? "" : " ").Append(r.Name);
            if (r.Reason is not null)
            {
                text.Append('.').Append(r.Reason);
            }

            text.Append('=').Append(r.Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();
}
