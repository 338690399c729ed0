using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Observability.Query.Kql;

namespace Observability.Query.Elasticsearch;

/// <summary>
/// The values an Elasticsearch whole-number type (<c>byte</c>, <c>short</c>, <c>integer</c>, <c>long</c>,
/// <c>unsigned_long</c>) can hold. A query value outside them is refused by the field's mapper (HTTP 400: "Value [1.0E20]
/// is out of range for a long") where Kibana's users expect no hits, so the translator settles such values itself.
/// </summary>
public sealed record EsIntegerRange(BigInteger Min, BigInteger Max)
{
    /// <summary>Exponents beyond this put a value outside every whole-number type, so the digits need not be kept.</summary>
    private const int ExponentCap = 100;

    public static EsIntegerRange Byte { get; } = new(sbyte.MinValue, sbyte.MaxValue);

    public static EsIntegerRange Short { get; } = new(short.MinValue, short.MaxValue);

    public static EsIntegerRange Integer { get; } = new(int.MinValue, int.MaxValue);

    public static EsIntegerRange Long { get; } = new(long.MinValue, long.MaxValue);

    public static EsIntegerRange UnsignedLong { get; } = new(0, ulong.MaxValue);

    /// <summary>The range of a mapping type; null for anything that is not a whole number (double, scaled_float…).</summary>
    public static EsIntegerRange? ForType(string esType) => esType switch
    {
        "byte" => Byte,
        "short" => Short,
        "integer" => Integer,
        "long" => Long,
        "unsigned_long" => UnsignedLong,
        _ => null,
    };

    /// <summary>The bound as a JSON number, exactly (a <c>double</c> would round a long above 2^53).</summary>
    public static JsonValue Json(BigInteger value) =>
        value >= long.MinValue && value <= long.MaxValue ? JsonValue.Create((long)value) : JsonValue.Create((ulong)value);

    /// <summary>
    /// The number a KQL value writes, exactly (<c>1.5</c>, <c>1e30</c>, <c>99999999999999999999</c>): its floor and whether
    /// it is whole. False for text that is no number (the same texts <see cref="KqlValues.ParseNumber"/> refuses).
    /// </summary>
    public static bool TryParse(string text, out BigInteger floor, out bool isWhole)
    {
        floor = BigInteger.Zero;
        isWhole = true;
        var t = text.Trim();
        if (KqlValues.ParseNumber(t) is null)
        {
            return false;
        }

        var negative = t.StartsWith('-');
        t = t.TrimStart('+', '-');
        var e = t.IndexOfAny(['e', 'E']);
        var exponent = BigInteger.Zero;
        if (e >= 0 && !BigInteger.TryParse(t[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return false;
        }

        var mantissa = e >= 0 ? t[..e] : t;
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var fraction = dot >= 0 ? mantissa[(dot + 1)..] : "";
        var digits = (dot >= 0 ? mantissa[..dot] : mantissa) + fraction;
        var m = digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (m.IsZero)
        {
            return true;
        }

        var scale = BigInteger.Clamp(exponent - fraction.Length, -ExponentCap - 64, ExponentCap);
        BigInteger magnitude;
        var remainder = BigInteger.Zero;
        if (scale >= 0)
        {
            magnitude = m * BigInteger.Pow(10, (int)scale);
        }
        else
        {
            magnitude = BigInteger.DivRem(m, BigInteger.Pow(10, (int)-scale), out remainder);
        }

        isWhole = remainder.IsZero;
        floor = negative ? -magnitude - (isWhole ? 0 : 1) : magnitude;
        return true;
    }
}
