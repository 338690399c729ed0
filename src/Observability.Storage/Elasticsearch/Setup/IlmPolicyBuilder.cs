using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// The ILM policies: <c>obs</c> for our data streams and <c>obs-alerts</c> for the alerts' rollover alias. Each rolls over
/// in the hot phase by primary shard size or age and deletes after its retention. (ILM is not in the serverless OpenAPI
/// spec; its shape is checked against the documented one.)
/// </summary>
public static class IlmPolicyBuilder
{
    public const string PolicyName = "obs";

    public const string AlertsPolicyName = "obs-alerts";

    public static JsonObject Body(ElasticsearchOptions options) =>
        Policy(options.RolloverMaxPrimaryShardSize, options.RolloverMaxAge, options.RetentionDays);

    public static JsonObject AlertsBody(ElasticsearchOptions options) =>
        Policy(options.RolloverMaxPrimaryShardSize, options.AlertRolloverMaxAge, options.AlertRetentionDays);

    private static JsonObject Policy(string maxPrimaryShardSize, string maxAge, int retentionDays) => new()
    {
        ["policy"] = new JsonObject
        {
            ["phases"] = new JsonObject
            {
                ["hot"] = new JsonObject
                {
                    ["min_age"] = "0ms",
                    ["actions"] = new JsonObject
                    {
                        ["rollover"] = new JsonObject
                        {
                            ["max_primary_shard_size"] = maxPrimaryShardSize,
                            ["max_age"] = maxAge,
                        },
                        ["set_priority"] = new JsonObject { ["priority"] = 100 },
                    },
                },
                ["delete"] = new JsonObject
                {
                    ["min_age"] = string.Create(CultureInfo.InvariantCulture, $"{retentionDays}d"),
                    ["actions"] = new JsonObject { ["delete"] = new JsonObject() },
                },
            },
        },
    };
}
