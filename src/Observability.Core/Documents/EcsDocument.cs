using System.Diagnostics.CodeAnalysis;

namespace Observability.Core.Documents;

/// <summary>
/// One ECS document (log event, metric sample, span, alert) as a flat bag of dotted field names
/// (<c>host.name</c>, <c>log.level</c>) to values. Flat names make pipelines, KQL evaluation and
/// column extraction O(1) lookups; <see cref="Json.EcsJson"/> writes it as nested ECS JSON and
/// flattens nested JSON on the way back in.
/// </summary>
/// <remarks>
/// Values are <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/>,
/// <see cref="DateTimeOffset"/>, or <see cref="IReadOnlyList{T}"/> of those (ECS arrays such as
/// <c>tags</c>). Nested objects never appear as values: their leaves are stored under dotted names.
/// </remarks>
public sealed class EcsDocument
{
    private readonly Dictionary<string, object?> _fields;

    public EcsDocument() => _fields = new Dictionary<string, object?>(16, StringComparer.Ordinal);

    public EcsDocument(int capacity) => _fields = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);

    /// <summary>
    /// The deterministic document id, carried in <c>event.id</c> on every transport and used as the store's
    /// primary key (<c>_id</c> in Elasticsearch), so a redelivered event is recognised as a duplicate.
    /// </summary>
    public string? Id
    {
        get => this[EcsFields.EventId] as string;
        set => Set(EcsFields.EventId, value);
    }

    public int Count => _fields.Count;

    public IEnumerable<KeyValuePair<string, object?>> Fields => _fields;

    public IEnumerable<string> FieldNames => _fields.Keys;

    public object? this[string field]
    {
        get => _fields.TryGetValue(field, out var v) ? v : null;
        set => Set(field, value);
    }

    public void Set(string field, object? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(field);
        if (value is null)
        {
            _fields.Remove(field);
            return;
        }

        _fields[field] = value;
    }

    public bool TryGet(string field, [NotNullWhen(true)] out object? value)
    {
        if (_fields.TryGetValue(field, out value) && value is not null)
        {
            return true;
        }

        value = null;
        return false;
    }

    public bool Contains(string field) => _fields.ContainsKey(field);

    public bool Remove(string field) => _fields.Remove(field);

    public string? GetString(string field) => this[field] switch
    {
        null => null,
        string s => s,
        DateTimeOffset t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public double? GetDouble(string field) => this[field] switch
    {
        long l => l,
        double d => d,
        int i => i,
        string s when double.TryParse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    public DateTimeOffset? Timestamp
    {
        get => this[EcsFields.Timestamp] switch
        {
            DateTimeOffset t => t,
            string s when DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) => t,
            _ => null,
        };
        set => Set(EcsFields.Timestamp, value);
    }

    public string? Message
    {
        get => GetString(EcsFields.Message);
        set => Set(EcsFields.Message, value);
    }

    public EcsDocument Clone()
    {
        var copy = new EcsDocument(_fields.Count);
        foreach (var (k, v) in _fields)
        {
            copy._fields[k] = v;
        }

        return copy;
    }
}
