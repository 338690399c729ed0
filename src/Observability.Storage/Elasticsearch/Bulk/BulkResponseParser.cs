using System.Text.Json;

namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>Reads the per-item statuses of a <c>_bulk</c> response; a response that does not match the request is an error.</summary>
public static class BulkResponseParser
{
    /// <summary>
    /// The parts of the response read here and nothing else (each item's <c>_index</c>, <c>_id</c>, <c>_version</c>,
    /// <c>_shards</c>, <c>_seq_no</c> … are most of a bulk response's bytes). Every item keeps its status, so the items
    /// still line up with the request.
    /// </summary>
    public const string FilterPath = "errors,items.*.status,items.*.error.type,items.*.error.reason,items.*.error.caused_by.reason,items.*.failure_store";

    public static IReadOnlyList<BulkItemResult> Parse(ReadOnlySpan<byte> body, int expectedItems)
    {
        var reader = new Utf8JsonReader(body);
        using var json = JsonDocument.ParseValue(ref reader);
        if (!json.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new JsonException("bulk response has no items array");
        }

        var results = new List<BulkItemResult>(items.GetArrayLength());
        foreach (var item in items.EnumerateArray())
        {
            // Each item is {"<action>": {"status": …, "error": {…}}}.
            var op = item.EnumerateObject().FirstOrDefault().Value;
            if (op.ValueKind != JsonValueKind.Object || !op.TryGetProperty("status", out var status))
            {
                throw new JsonException("bulk response item without a status");
            }

            string? type = null, reason = null;
            if (op.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                type = error.TryGetProperty("type", out var t) ? t.GetString() : null;
                reason = error.TryGetProperty("reason", out var r) ? r.GetString() : null;
                if (error.TryGetProperty("caused_by", out var cause) && cause.TryGetProperty("reason", out var cr))
                {
                    reason = $"{reason} (caused by: {cr.GetString()})";
                }
            }

            var failureStore = op.TryGetProperty("failure_store", out var fs) && fs.ValueKind == JsonValueKind.String ? fs.GetString() : null;
            results.Add(new BulkItemResult(status.GetInt32(), type, reason, failureStore));
        }

        if (results.Count != expectedItems)
        {
            throw new JsonException($"bulk response has {results.Count} items for {expectedItems} sent");
        }

        return results;
    }
}
