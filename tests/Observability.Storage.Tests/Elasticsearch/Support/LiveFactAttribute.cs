namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>A fact against a real cluster: runs only when <c>OBS_ES_URL</c> (and, if asked, <c>OBS_KIBANA_URL</c>) are set.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(bool needsKibana = false)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OBS_ES_URL")))
        {
            Skip = "live suite: set OBS_ES_URL (and OBS_ES_USERNAME/OBS_ES_PASSWORD or OBS_ES_API_KEY) to run against a real Elasticsearch";
        }
        else if (needsKibana && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OBS_KIBANA_URL")))
        {
            Skip = "live suite: set OBS_KIBANA_URL to import the dashboards into a real Kibana";
        }
    }
}
