namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>Splits prepared documents into requests bounded by document count and NDJSON bytes, in order.</summary>
internal static class BulkChunker
{
    public static IEnumerable<List<BulkItem>> Split(List<BulkItem> items, int maxDocuments, int maxBytes)
    {
        var chunk = new List<BulkItem>();
        var bytes = 0;
        foreach (var item in items)
        {
            if (chunk.Count > 0 && (chunk.Count >= maxDocuments || bytes + item.Lines.Length > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(item);
            bytes += item.Lines.Length;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }
}
