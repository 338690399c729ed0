using System.Text.Json.Nodes;

namespace Observability.Storage.Tests.Elasticsearch.Support;

/// <summary>
/// The documented shape of <c>PUT _ilm/policy/&lt;name&gt;</c> (the serverless OpenAPI spec has no ILM):
/// <c>policy.phases.{hot,warm,cold,frozen,delete}</c>, each with <c>min_age</c> and <c>actions</c>, and the
/// documented options of the actions we use (rollover conditions, set_priority, delete).
/// See https://www.elastic.co/docs/reference/elasticsearch/rest-apis/ (ILM: create or update policy, actions).
/// </summary>
internal static class IlmPolicySchema
{
    public static readonly JsonObject Schema = new() { ["description"] = "ILM policy (documented shape)" };

    private static readonly string[] Phases = ["hot", "warm", "cold", "frozen", "delete"];
    private static readonly string[] RolloverConditions =
        ["max_age", "max_docs", "max_size", "max_primary_shard_size", "max_primary_shard_docs", "min_age", "min_docs", "min_size", "min_primary_shard_size", "min_primary_shard_docs"];

    public static IReadOnlyList<string> Validate(JsonObject body)
    {
        var errors = new List<string>();
        Only(body, "$", errors, "policy");
        if (body["policy"] is not JsonObject policy)
        {
            errors.Add("$.policy: required object");
            return errors;
        }

        Only(policy, "$.policy", errors, "phases", "_meta");
        if (policy["phases"] is not JsonObject phases)
        {
            errors.Add("$.policy.phases: required object");
            return errors;
        }

        foreach (var (phase, value) in phases)
        {
            var at = $"$.policy.phases.{phase}";
            if (!Phases.Contains(phase))
            {
                errors.Add($"{at}: unknown phase");
                continue;
            }

            if (value is not JsonObject p)
            {
                errors.Add($"{at}: must be an object");
                continue;
            }

            Only(p, at, errors, "min_age", "actions");
            if (p["min_age"] is JsonValue age && !IsTimeValue(age.GetValue<string>()))
            {
                errors.Add($"{at}.min_age: '{age}' is not a time value");
            }

            foreach (var (action, settings) in p["actions"] as JsonObject ?? [])
            {
                var aat = $"{at}.actions.{action}";
                switch (action)
                {
                    case "rollover" when phase == "hot":
                        Only((JsonObject)settings!, aat, errors, RolloverConditions);
                        if (((JsonObject)settings!).Count == 0)
                        {
                            errors.Add($"{aat}: needs at least one condition");
                        }

                        break;
                    case "set_priority":
                        Only((JsonObject)settings!, aat, errors, "priority");
                        break;
                    case "delete" when phase == "delete":
                        Only((JsonObject)settings!, aat, errors, "delete_searchable_snapshot");
                        break;
                    default:
                        errors.Add($"{aat}: not an action this policy should use in the {phase} phase");
                        break;
                }
            }
        }

        return errors;
    }

    private static void Only(JsonObject o, string at, List<string> errors, params string[] allowed)
    {
        foreach (var (k, _) in o)
        {
            if (!allowed.Contains(k))
            {
                errors.Add($"{at}: unknown property '{k}'");
            }
        }
    }

    private static bool IsTimeValue(string s) =>
        System.Text.RegularExpressions.Regex.IsMatch(s, "^[0-9]+(nanos|micros|ms|s|m|h|d)$");
}
