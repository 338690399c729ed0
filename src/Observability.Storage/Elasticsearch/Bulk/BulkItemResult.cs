namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>One entry of a bulk response's <c>items</c>, in request order.</summary>
public readonly record struct BulkItemResult(int Status, string? ErrorType, string? ErrorReason)
{
    public bool IsStored => Status is 200 or 201;

    /// <summary>409 on <c>create</c>: a document with this id is already stored — the redelivery we expect.</summary>
    public bool IsDuplicate => Status == 409;

    public bool IsTransient => Http.EsResponse.IsTransientStatus(Status);

    public string Reason => ErrorType is null ? $"status {Status}" : $"{Status} {ErrorType}: {ErrorReason}";
}
