using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Observability.Core.Documents;

namespace Observability.Core.Json;

/// <summary>
/// Converts <see cref="EcsDocument"/> to and from ECS JSON: written nested (<c>{"host":{"name":"a"}}</c>),
/// read from nested or dotted keys alike. UTF-8 throughout.
/// </summary>
public static class EcsJson
{
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };

    public static byte[] ToUtf8(EcsDocument doc)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, doc);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToJson(EcsDocument doc) => System.Text.Encoding.UTF8.GetString(ToUtf8(doc));

    /// <summary>Writes the document as one nested JSON object.</summary>
    public static void Write(Utf8JsonWriter writer, EcsDocument doc)
    {
        var root = new Node();
        foreach (var (name, value) in doc.Fields)
        {
            root.Add(name, value);
        }

        root.WriteTo(writer);
    }

    public static EcsDocument Parse(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
        using var json = JsonDocument.ParseValue(ref reader);
        return FromElement(json.RootElement);
    }

    public static EcsDocument Parse(string json) => Parse(System.Text.Encoding.UTF8.GetBytes(json));

    public static EcsDocument FromElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"an ECS document must be a JSON object, not {root.ValueKind}");
        }

        var doc = new EcsDocument();
        Flatten(root, prefix: null, doc);
        return doc;
    }

    public static object? ToValue(JsonElement e, string field) => e.ValueKind switch
    {
        JsonValueKind.String when field == EcsFields.Timestamp && e.TryGetDateTimeOffset(out var t) => t,
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.Number => e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.Array => ToList(e, field),
        _ => e.Clone(),
    };

    private static List<object?> ToList(JsonElement array, string field)
    {
        var list = new List<object?>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.Object ? item.Clone() : ToValue(item, field));
        }

        return list;
    }

    private static void Flatten(JsonElement obj, string? prefix, EcsDocument doc)
    {
        foreach (var p in obj.EnumerateObject())
        {
            var name = prefix is null ? p.Name : string.Concat(prefix, ".", p.Name);
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(p.Value, name, doc);
            }
            else
            {
                var v = ToValue(p.Value, name);
                if (v is not null)
                {
                    doc.Set(name, v);
                }
            }
        }
    }

    public static void WriteValue(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case double d when double.IsFinite(d): w.WriteNumberValue(d); break;
            case double d: w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); break; // NaN/Inf are not JSON numbers
            case float f: w.WriteNumberValue(f); break;
            case decimal m: w.WriteNumberValue(m); break;
            case bool b: w.WriteBooleanValue(b); break;
            case DateTimeOffset t: w.WriteStringValue(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)); break;
            case DateTime t: w.WriteStringValue(t.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)); break;
            case JsonElement e: e.WriteTo(w); break;
            case System.Collections.IEnumerable list:
                w.WriteStartArray();
                foreach (var item in list)
                {
                    WriteValue(w, item);
                }

                w.WriteEndArray();
                break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    /// <summary>A tree of dotted names so that siblings share one JSON object.</summary>
    private sealed class Node
    {
        private readonly List<KeyValuePair<string, object?>> _items = [];

        public void Add(string dotted, object? value)
        {
            var dot = dotted.IndexOf('.', StringComparison.Ordinal);
            // '@timestamp' and names with empty segments are written literally.
            if (dot <= 0 || dot == dotted.Length - 1)
            {
                _items.Add(new(dotted, value));
                return;
            }

            var head = dotted[..dot];
            var child = Find(head);
            if (child is null)
            {
                // A leaf already holds this name: keep the dotted key literally rather than lose either value.
                if (_items.Exists(i => i.Key == head))
                {
                    _items.Add(new(dotted, value));
                    return;
                }

                child = new Node();
                _items.Add(new(head, child));
            }

            child.Add(dotted[(dot + 1)..], value);
        }

        private Node? Find(string key)
        {
            foreach (var i in _items)
            {
                if (i.Value is Node n && i.Key == key)
                {
                    return n;
                }
            }

            return null;
        }

        public void WriteTo(Utf8JsonWriter w)
        {
            w.WriteStartObject();
            foreach (var (k, v) in _items)
            {
                w.WritePropertyName(k);
                if (v is Node n)
                {
                    n.WriteTo(w);
                }
                else
                {
                    WriteValue(w, v);
                }
            }

            w.WriteEndObject();
        }
    }
}
