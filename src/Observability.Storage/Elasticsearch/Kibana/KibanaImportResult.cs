namespace Observability.Storage.Elasticsearch.Kibana;

/// <summary>Kibana's answer to a saved-object import: how many objects landed and the ones that failed, with why.</summary>
public sealed record KibanaImportResult(bool Success, int SuccessCount, IReadOnlyList<string> Errors);
