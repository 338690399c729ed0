using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch;

/// <summary>KQL to Elasticsearch Query DSL, through the Query project's parser and translator.</summary>
public static class KqlTranslation
{
    public static JsonObject ToQueryDsl(string kql) =>
        throw new NotSupportedException($"KQL translation is not available in this build (query: {kql})");
}
