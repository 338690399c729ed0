namespace Observability.Query.Tests.Elasticsearch;

/// <summary>A test that needs a real Elasticsearch at <c>OBS_ES_URL</c>; reported as skipped (visibly) without one.</summary>
public sealed class EsLiveFactAttribute : FactAttribute
{
    public EsLiveFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("OBS_ES_URL")))
        {
            Skip = "OBS_ES_URL is not set: no live Elasticsearch to compare with";
        }
    }
}
