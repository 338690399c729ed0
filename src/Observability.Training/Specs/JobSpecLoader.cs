using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Observability.Training.Specs;

/// <summary>Reads a job spec from YAML and validates it; every error names the offending key.</summary>
public static class JobSpecLoader
{
    /// <summary>Largest spec accepted (a spec is a few hundred bytes; this bounds a hostile input).</summary>
    public const int MaxSpecBytes = 64 * 1024;

    private static readonly string[] Models = ["mlp", "cnn", "transformer"];
    private static readonly string[] Datasets = ["regression", "classification", "images", "sequence", "csv"];
    private static readonly string[] Optimizers = ["sgd", "momentum", "adam", "adamw"];

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static JobSpec LoadFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new JobSpecException($"spec file not found: {path}");
        }

        if (info.Length > MaxSpecBytes)
        {
            throw new JobSpecException($"spec file {path} is {info.Length} bytes; the limit is {MaxSpecBytes}");
        }

        return Parse(File.ReadAllText(path));
    }

    public static JobSpec Parse(string yaml)
    {
        if (yaml.Length > MaxSpecBytes)
        {
            throw new JobSpecException($"spec is {yaml.Length} characters; the limit is {MaxSpecBytes}");
        }

        JobSpec? spec;
        try
        {
            spec = Deserializer.Deserialize<JobSpec>(yaml);
        }
        catch (YamlException e)
        {
            var inner = e.InnerException?.Message ?? e.Message;
            throw new JobSpecException($"invalid spec at line {e.Start.Line}, column {e.Start.Column}: {inner}", e);
        }

        if (spec is null)
        {
            throw new JobSpecException("spec is empty");
        }

        Validate(spec);
        return spec;
    }

    public static void Validate(JobSpec s)
    {
        Require(!string.IsNullOrWhiteSpace(s.Name), "name", "is required");
        Require(s.Name.Length <= 128, "name", "is longer than 128 characters");
        Require(!string.IsNullOrWhiteSpace(s.Owner), "owner", "is required");
        Require(Models.Contains(s.Model.Type), "model.type", $"must be one of {string.Join(", ", Models)}");
        Require(s.Model.Hidden is > 0 and <= 4096, "model.hidden", "must be between 1 and 4096");
        Require(s.Model.Layers is > 0 and <= 32, "model.layers", "must be between 1 and 32");
        Require(s.Model.Heads > 0 && s.Model.Hidden % s.Model.Heads == 0, "model.heads", "must divide model.hidden");
        Require(Datasets.Contains(s.Dataset.Type), "dataset.type", $"must be one of {string.Join(", ", Datasets)}");
        Require(s.Dataset.Samples is > 0 and <= 10_000_000, "dataset.samples", "must be between 1 and 10000000");
        Require(s.Dataset.Features is > 0 and <= 65_536, "dataset.features", "must be between 1 and 65536");
        Require(s.Dataset.Classes is > 1 and <= 10_000, "dataset.classes", "must be between 2 and 10000");
        Require(s.Dataset.Length is > 0 and <= 1024, "dataset.length", "must be between 1 and 1024");
        Require(s.Dataset.Type != "csv" || !string.IsNullOrWhiteSpace(s.Dataset.Path), "dataset.path", "is required for a csv dataset");
        Require(s.Dataset.Type != "csv" || !string.IsNullOrWhiteSpace(s.Dataset.Target), "dataset.target", "is required for a csv dataset");
        Require(s.Model.Type != "cnn" || s.Dataset.Type == "images", "dataset.type", "must be images for a cnn model");
        Require(s.Model.Type != "transformer" || s.Dataset.Type == "sequence", "dataset.type", "must be sequence for a transformer model");
        Require(s.Dataset.Type is not ("images" or "sequence") || s.Model.Type != "mlp", "model.type", $"cannot be mlp for {s.Dataset.Type} data");
        Require(s.Steps > 0 || s.Epochs > 0, "steps", "or epochs must be positive");
        Require(s.Steps >= 0 && s.Epochs >= 0, "steps", "and epochs cannot be negative");
        Require(s.WorldSize is > 0 and <= 1024, "worldSize", "must be between 1 and 1024");
        Require(s.BatchSize >= s.WorldSize, "batchSize", "must be at least worldSize (each rank needs one sample)");
        Require(s.LearningRate is > 0 and < 100, "learningRate", "must be positive and below 100");
        Require(Optimizers.Contains(s.Optimizer), "optimizer", $"must be one of {string.Join(", ", Optimizers)}");
        Require(s.GpusPerRank is >= 0 and <= 64, "gpusPerRank", "must be between 0 and 64");
        Require(s.Priority is >= -1000 and <= 1000, "priority", "must be between -1000 and 1000");
        Require(s.MaxRetries is >= 0 and <= 100, "maxRetries", "must be between 0 and 100");
        Require(s.CheckpointEvery >= 0, "checkpointEvery", "cannot be negative");
        Require(s.TraceEverySteps > 0, "traceEverySteps", "must be positive");
        Require(s.Timeout is null || TryParseDuration(s.Timeout, out _), "timeout", "must be a duration such as 30s, 10m or 1h");
        Require(s.StepPacing is null || TryParseDuration(s.StepPacing, out _), "stepPacing", "must be a duration such as 20ms");
        if (s.Schedule is not null)
        {
            try
            {
                _ = new Quartz.CronExpression(s.Schedule);
            }
            catch (FormatException e)
            {
                throw new JobSpecException($"schedule is not a valid Quartz cron expression: {e.Message}", e);
            }
        }
    }

    public static TimeSpan? ParseDuration(string? text) =>
        text is null ? null : TryParseDuration(text, out var d) ? d : throw new JobSpecException($"not a duration: {text}");

    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        text = text.Trim();
        duration = default;
        (string unit, double factor)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)];
        foreach (var (unit, factor) in units)
        {
            if (text.EndsWith(unit, StringComparison.Ordinal)
                && double.TryParse(text[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                && v >= 0 && !(unit == "m" && text.EndsWith("ms", StringComparison.Ordinal)))
            {
                duration = TimeSpan.FromMilliseconds(v * factor);
                return true;
            }
        }

        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;
    }

    private static void Require(bool ok, string key, string problem)
    {
        if (!ok)
        {
            throw new JobSpecException($"{key} {problem}");
        }
    }
}
