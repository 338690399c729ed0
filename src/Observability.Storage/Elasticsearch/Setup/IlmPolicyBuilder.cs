using System.Globalization;
using System.Text.Json.Nodes;

namespace Observability.Storage.Elasticsearch.Setup;

/// <summary>
/// The ILM policy of our data streams: roll over in the hot phase by primary shard size or age, delete after the
/// retention. (ILM is not in the serverless OpenAPI spec; its shape is checked against the documented one.)
/// </summary>
public static class IlmPolicyBuilder
{
    public const string PolicyName = "obs";

    public static JsonObject Body(ElasticsearchOptions options) => new()
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
                            ["max_primary_shard_size"] = options.RolloverMaxPrimaryShardSize,
                            ["max_age"] = options.RolloverMaxAge,
                        },
                        ["set_priority"] = new JsonObject { ["priority"] = 100 },
                    },
                },
                ["delete"] = new JsonObject
                {
                    ["min_age"] = string.Create(CultureInfo.InvariantCulture, $"{options.RetentionDays}d"),
                    ["actions"] = new JsonObject { ["delete"] = new JsonObject() },
                },
            },
        },
    };
}
