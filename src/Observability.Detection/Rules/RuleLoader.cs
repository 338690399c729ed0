using Observability.Detection.Alerting;
using Observability.Query.Time;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Observability.Detection.Rules;

/// <summary>Reads rule YAML files and validates every rule, naming the file, rule and key that are wrong.</summary>
public static class RuleLoader
{
    private static readonly string[] Aggregates = ["avg", "min", "max", "sum", "count", "last", "p95"];

    public static IReadOnlyList<CompiledRule> LoadDirectory(string directory, IAlertQueryCompiler kql)
    {
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"rules directory {directory} does not exist");
        }

        return Directory.EnumerateFiles(directory, "*.yml").Concat(Directory.EnumerateFiles(directory, "*.yaml")).Order(StringComparer.Ordinal)
            .SelectMany(f => Load(File.ReadAllText(f), kql, f)).ToList();
    }

    public static IReadOnlyList<CompiledRule> Load(string yaml, IAlertQueryCompiler kql, string source = "rules")
    {
        var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
        RuleFile file;
        try
        {
            file = deserializer.Deserialize<RuleFile?>(yaml) ?? new RuleFile();
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{source}: line {e.Start.Line}: {e.InnerException?.Message ?? e.Message}", e);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var rules = new List<CompiledRule>();
        foreach (var d in file.Rules)
        {
            var where = $"{source}: rule '{d.Name}'";
            if (string.IsNullOrWhiteSpace(d.Name) || !names.Add(d.Name))
            {
                throw new FormatException($"{source}: every rule needs a unique 'name' (got '{d.Name}')");
            }

            var type = d.Type.Replace("_", string.Empty, StringComparison.Ordinal).ToLowerInvariant() switch
            {
                "threshold" => RuleType.Threshold,
                "anomaly" => RuleType.Anomaly,
                "logquery" => RuleType.LogQuery,
                "absence" => RuleType.Absence,
                "jobstate" => RuleType.JobState,
                _ => throw new FormatException($"{where}: 'type' must be threshold, anomaly, log_query, absence or job_state, got '{d.Type}'"),
            };
            if (type == RuleType.Threshold && string.IsNullOrWhiteSpace(d.Field))
            {
                throw new FormatException($"{where}: 'field' is required for a threshold rule");
            }

            if (type == RuleType.LogQuery && string.IsNullOrWhiteSpace(d.Query))
            {
                throw new FormatException($"{where}: 'query' is required for a log_query rule");
            }

            if (!Aggregates.Contains(d.Aggregate))
            {
                throw new FormatException($"{where}: 'aggregate' must be one of {string.Join(", ", Aggregates)}, got '{d.Aggregate}'");
            }

            if (d.MinScore is < 0 or > 100)
            {
                throw new FormatException($"{where}: 'min_score' must be in [0, 100], got {d.MinScore}");
            }

            if (type is RuleType.Absence && d.By.Count == 0)
            {
                throw new FormatException($"{where}: 'by' is required for an absence rule (which entity went quiet)");
            }

            rules.Add(new CompiledRule
            {
                Definition = d,
                Type = type,
                Window = Duration(d.Window, where, "window"),
                For = d.For is "0" or "0s" or "" ? TimeSpan.Zero : Duration(d.For, where, "for"),
                Compare = Wrap(() => CompiledRule.Comparison(d.Op), where, "op"),
                Filter = (type == RuleType.LogQuery ? d.Query : d.Filter) is { Length: > 0 } q ? Wrap(() => kql.Compile(q), where, type == RuleType.LogQuery ? "query" : "filter") : null,
            });
        }

        return rules;
    }

    private static TimeSpan Duration(string text, string where, string key) => Wrap(() => IntervalParser.Parse(text), where, key);

    private static T Wrap<T>(Func<T> f, string where, string key)
    {
        try
        {
            return f();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"{where}: '{key}': {e.Message}", e);
        }
    }
}
