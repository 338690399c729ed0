using System.Buffers;
using System.Text.Json;
using Observability.Core.Documents;
using Observability.Core.Json;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>
/// Encodes documents as <c>_bulk</c> NDJSON: an action line (<c>{"create":{"_index":…,"_id":…}}</c>) and the
/// nested ECS source on the next line. <c>data_stream.*</c> in the source is set to the stream the document is
/// routed to, because those fields are <c>constant_keyword</c> and must agree with the backing index.
/// </summary>
public static class BulkEncoder
{
    private static readonly JsonWriterOptions Options = new() { Indented = false };

    public static byte[] Encode(EcsDocument doc, BulkTarget target)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            w.WriteStartObject();
            w.WritePropertyName(target.Action);
            w.WriteStartObject();
            w.WriteString("_index", target.Index);
            if (target.Id is not null)
            {
                w.WriteString("_id", target.Id);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        buffer.Write("\n"u8);
        using (var w = new Utf8JsonWriter(buffer, Options))
        {
            EcsJson.Write(w, WithStreamFields(doc, target));
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static EcsDocument WithStreamFields(EcsDocument doc, BulkTarget target)
    {
        if (target.Stream is not { } s)
        {
            return doc;
        }

        if (doc.GetString(EcsFields.DataStreamType) == s.Type
            && doc.GetString(EcsFields.DataStreamDataset) == s.Dataset
            && doc.GetString(EcsFields.DataStreamNamespace) == s.Namespace)
        {
            return doc;
        }

        var copy = doc.Clone();
        copy.Set(EcsFields.DataStreamType, s.Type);
        copy.Set(EcsFields.DataStreamDataset, s.Dataset);
        copy.Set(EcsFields.DataStreamNamespace, s.Namespace);
        return copy;
    }
}
