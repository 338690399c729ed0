using System.Text;

namespace Observability.Detection.Alerting;

/// <summary>
/// An immutable, name-sorted set of labels. Its <see cref="Fingerprint"/> is Alertmanager's: 64-bit FNV-1a over
/// each name and value followed by the 0xFF separator byte, in name order, written as 16 hex digits.
/// </summary>
public sealed class LabelSet : IEquatable<LabelSet>
{
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;
    private readonly SortedDictionary<string, string> _labels;

    public LabelSet(IEnumerable<KeyValuePair<string, string>> labels)
    {
        _labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in labels)
        {
            if (!string.IsNullOrEmpty(v))
            {
                _labels[k] = v;
            }
        }

        Fingerprint = ComputeFingerprint(_labels);
    }

    public static LabelSet Empty { get; } = new([]);

    public string Fingerprint { get; }

    public int Count => _labels.Count;

    public IEnumerable<KeyValuePair<string, string>> Pairs => _labels;

    public IEnumerable<string> Names => _labels.Keys;

    public string? this[string name] => _labels.TryGetValue(name, out var v) ? v : null;

    public static LabelSet Of(params (string Name, string Value)[] labels) => new(labels.Select(l => KeyValuePair.Create(l.Name, l.Value)));

    public LabelSet With(IEnumerable<KeyValuePair<string, string>> more) => new(_labels.Concat(more).GroupBy(p => p.Key).Select(g => g.Last()));

    /// <summary>The subset of labels named in <paramref name="names"/> ("..." keeps all, as Alertmanager's group_by does).</summary>
    public LabelSet Select(IReadOnlyCollection<string> names) =>
        names.Contains("...") ? this : new LabelSet(_labels.Where(p => names.Contains(p.Key)));

    public IReadOnlyDictionary<string, string> ToDictionary() => new Dictionary<string, string>(_labels, StringComparer.Ordinal);

    /// <summary>Prometheus text form: <c>{a="1", b="2"}</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("{");
        var first = true;
        foreach (var (k, v) in _labels)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            sb.Append(k).Append("=\"").Append(v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append('"');
        }

        return sb.Append('}').ToString();
    }

    public bool Equals(LabelSet? other) => other is not null && other.Fingerprint == Fingerprint && other._labels.SequenceEqual(_labels);

    public override bool Equals(object? obj) => obj is LabelSet l && Equals(l);

    public override int GetHashCode() => Fingerprint.GetHashCode(StringComparison.Ordinal);

    private static string ComputeFingerprint(SortedDictionary<string, string> labels)
    {
        var hash = FnvOffset;
        foreach (var (k, v) in labels)
        {
            hash = Add(hash, k);
            hash = (hash ^ 0xFF) * FnvPrime;
            hash = Add(hash, v);
            hash = (hash ^ 0xFF) * FnvPrime;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Add(ulong hash, string s)
    {
        foreach (var b in Encoding.UTF8.GetBytes(s))
        {
            hash = (hash ^ b) * FnvPrime;
        }

        return hash;
    }
}
