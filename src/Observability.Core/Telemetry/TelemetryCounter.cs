using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Observability.Core.Telemetry;

/// <summary>
/// A count that only grows, kept as a plain total so the hot path is one <see cref="Interlocked"/> add; the meter reads
/// it through an observable instrument when a listener collects. <see cref="For"/> splits it by <c>reason</c>: a part's
/// adds count in the whole too.
/// </summary>
public sealed class TelemetryCounter
{
    private readonly TelemetryCounter? _whole;
    private readonly ConcurrentDictionary<string, TelemetryCounter> _parts = new(StringComparer.Ordinal);
    private long _total;
    private long _direct;

    internal TelemetryCounter(string name, string? reason, TelemetryCounter? whole)
    {
        Name = name;
        Reason = reason;
        _whole = whole;
    }

    public string Name { get; }

    /// <summary>The reason this part counts; null for the whole.</summary>
    public string? Reason { get; }

    /// <summary>The total since the component started (for the whole: its own adds and every part's).</summary>
    public long Value => Interlocked.Read(ref _total);

    /// <summary>Adds <paramref name="count"/> and returns this counter's new total.</summary>
    public long Add(long count = 1)
    {
        if (_whole is null)
        {
            Interlocked.Add(ref _direct, count);
        }
        else
        {
            Interlocked.Add(ref _whole._total, count);
        }

        return Interlocked.Add(ref _total, count);
    }

    /// <summary>The part of this counter for one reason (created once, then the same object).</summary>
    public TelemetryCounter For(string reason)
    {
        if (_whole is not null)
        {
            throw new InvalidOperationException($"{Name}{{{Reason}}} is already a part; a part has no parts");
        }

        return _parts.GetOrAdd(reason, r => new TelemetryCounter(Name, r, this));
    }

    /// <summary>The part for <paramref name="reason"/>, which must have been created by <see cref="For"/>.</summary>
    public TelemetryCounter Part(string reason) =>
        _parts.TryGetValue(reason, out var part) ? part : throw new KeyNotFoundException($"{Name} has no reason {reason}");

    internal IEnumerable<TelemetryCounter> Parts => _parts.Values.OrderBy(p => p.Reason, StringComparer.Ordinal);

    /// <summary>What the observable instrument reports: each reason as a tagged total, adds without a reason untagged.</summary>
    internal IEnumerable<Measurement<long>> Observe()
    {
        if (_parts.IsEmpty || Interlocked.Read(ref _direct) != 0)
        {
            yield return new Measurement<long>(Interlocked.Read(ref _direct));
        }

        foreach (var part in Parts)
        {
            yield return new Measurement<long>(part.Value, new KeyValuePair<string, object?>(TelemetryNames.ReasonTag, part.Reason));
        }
    }
}
