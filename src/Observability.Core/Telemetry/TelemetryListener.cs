using System.Diagnostics.Metrics;

namespace Observability.Core.Telemetry;

/// <summary>
/// Listens to every <c>Observability.*</c> meter in the process and, on <see cref="Collect"/>, reads their observable
/// instruments once: a figure's value summed over the component instances that have it (two producers' <c>sent</c> are
/// one figure), one reading per component, name and reason. Collections are serialised; the meters' own adds never wait.
/// </summary>
public sealed class TelemetryListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Func<string, bool> _include;
    private Dictionary<(string Component, string Name, string? Reason), TelemetryReading>? _collecting;

    /// <param name="includeComponent">Which components to read (by <see cref="ComponentTelemetry.Component"/>); all when null.</param>
    public TelemetryListener(Func<string, bool>? includeComponent = null)
    {
        _include = includeComponent ?? (_ => true);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.IsObservable && instrument.Meter.Name.StartsWith(TelemetryNames.MeterPrefix, StringComparison.Ordinal)
                && _include(instrument.Meter.Name[TelemetryNames.MeterPrefix.Length..]))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>Every enabled figure now, ordered by component, name and reason.</summary>
    public IReadOnlyList<TelemetryReading> Collect()
    {
        lock (_gate)
        {
            _collecting = [];
            _listener.RecordObservableInstruments();
            var readings = _collecting.Values
                .OrderBy(r => r.Component, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Reason, StringComparer.Ordinal)
                .ToList();
            _collecting = null;
            return readings;
        }
    }

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        // Called on the collecting thread, inside Collect's lock (only observable instruments are enabled).
        if (_collecting is not { } collecting)
        {
            return;
        }

        string? reason = null;
        foreach (var tag in tags)
        {
            if (tag.Key == TelemetryNames.ReasonTag)
            {
                reason = tag.Value as string;
            }
        }

        var component = instrument.Meter.Name[TelemetryNames.MeterPrefix.Length..];
        var kind = instrument is ObservableGauge<long> ? TelemetryKind.Gauge : TelemetryKind.Counter;
        var key = (component, instrument.Name, reason);
        collecting[key] = collecting.TryGetValue(key, out var seen)
            ? seen with { Value = seen.Value + value }
            : new TelemetryReading(component, instrument.Name, reason, value, kind);
    }

    public void Dispose() => _listener.Dispose();
}
