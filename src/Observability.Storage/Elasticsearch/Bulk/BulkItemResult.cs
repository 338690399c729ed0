namespace Observability.Storage.Elasticsearch.Bulk;

/// <summary>One entry of a bulk response's <c>items</c>, in request order.</summary>
/// <param name="FailureStore">
/// <c>"used"</c> when the document failed and the data stream's failure store kept it instead (Elasticsearch answers
/// 201 then): not written to the stream, so it is not counted as written.
/// </param>
public readonly record struct BulkItemResult(int Status, string? ErrorType, string? ErrorReason, string? FailureStore = null)
{
    public bool IsStored => Status is 200 or 201 && !InFailureStore;

    public bool InFailureStore => FailureStore == "used";

    /// <summary>409 on <c>create</c>: a document with this id is already stored — the redelivery we expect.</summary>
    public bool IsDuplicate => Status == 409;

    public bool IsTransient => Http.EsResponse.IsTransientStatus(Status);

    public string Reason => InFailureStore ? $"{Status}: failed and kept in the data stream's failure store"
        : ErrorType is null ? $"status {Status}" : $"{Status} {ErrorType}: {ErrorReason}";
}
