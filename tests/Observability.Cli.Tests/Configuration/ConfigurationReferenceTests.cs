using System.Collections;
using System.Globalization;
using Observability.Cli.Configuration;
using Observability.Cli.Tests.Up;
using Observability.Core.Options;
using Observability.Testing;

namespace Observability.Cli.Tests.Configuration;

/// <summary>docs/configuration.md is what the options classes say, and every key it lists is one obs.yml can set.</summary>
public sealed class ConfigurationReferenceTests : IDisposable
{
    private readonly TemporaryDirectory _dir = TemporaryDirectory.Create("config-reference");

    [Fact]
    public void The_committed_reference_is_the_generated_one() =>
        GeneratedDocument.AssertCommitted("docs/configuration.md", ConfigurationReference.Markdown(), "./obs config reference");

    [Fact]
    public void Every_listed_key_binds_onto_its_property()
    {
        var checkedKeys = 0;
        foreach (var section in ConfigurationReference.Sections)
        {
            foreach (var key in ConfigurationReference.KeysOf(section))
            {
                if (key.Path.Contains("[]", StringComparison.Ordinal) || key.Type is "block")
                {
                    continue; // blocks are checked through their keys; list items by the sections' own tests
                }

                var relative = key.Path[(section.Name.Length + 1)..];
                var (settings, expected) = Sample(key, relative.Replace('.', ':'));
                var configuration = ObsConfiguration.Load(null, settings.ToDictionary(kv => $"{section.Name.Replace('.', ':')}:{kv.Key}", kv => (string?)kv.Value), environment: false);

                var bind = typeof(ObsConfiguration).GetMethod(nameof(ObsConfiguration.Bind))!.MakeGenericMethod(section.Options);
                var options = bind.Invoke(null, [configuration, section.Name])!;
                var actual = Read(options, relative);
                Assert.True(Matches(actual, expected), $"{key.Path}: set to {expected}, bound {Describe(actual)}");
                checkedKeys++;
            }
        }

        Assert.True(checkedKeys > 100, $"only {checkedKeys} keys were checked");
    }

    [Fact]
    public async Task Config_check_names_the_bad_key_and_accepts_a_good_file()
    {
        var bad = _dir.File("bad.yml");
        await File.WriteAllTextAsync(bad, "indexer:\n  batch_size: lots\n");
        var good = _dir.File("good.yml");
        await File.WriteAllTextAsync(good, "indexer:\n  batch_size: 1000\nstore:\n  retention:\n    max_age: 7d\n");

        var (badExit, badOutput) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(2), "config", "check", "--config", bad, "--data", _dir.File("data"));
        var (goodExit, goodOutput) = await ObsProcess.RunAsync(TimeSpan.FromMinutes(2), "config", "check", "--config", good, "--data", _dir.File("data"));

        Assert.True(badExit == 1, $"exit {badExit}: {badOutput}");
        Assert.Contains("indexer.batch_size", badOutput, StringComparison.Ordinal);
        Assert.True(goodExit == 0, $"exit {goodExit}: {goodOutput}");
        Assert.Contains("sections indexer, store", goodOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dir.File("data")), "config check created the data directory");
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Settings (relative to the section) that give the key a value different from its default, and that value.</summary>
    private static (Dictionary<string, string> Settings, object Expected) Sample(ConfigurationReference.Key key, string relative)
    {
        var type = Nullable.GetUnderlyingType(key.Property.PropertyType) ?? key.Property.PropertyType;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var value = ScalarSample(type.GetGenericArguments()[1]);
            return (new() { [$"{relative}:sample_key"] = value.Text }, new KeyValuePair<string, object>("sample_key", value.Value));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            var value = ScalarSample(type.GetGenericArguments()[0]);
            return (new() { [$"{relative}:0"] = value.Text }, value.Value);
        }

        var scalar = ScalarSample(type);
        return (new() { [relative] = scalar.Text }, scalar.Value);
    }

    private static (string Text, object Value) ScalarSample(Type type)
    {
        if (type.IsEnum)
        {
            var last = Enum.GetValues(type).Cast<object>().Last();
            return (last.ToString()!, last);
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String => ("sample-value", "sample-value"),
            TypeCode.Boolean => ("true", true),
            TypeCode.Int32 => ("7", 7),
            TypeCode.Int64 => ("7", 7L),
            TypeCode.Double => ("0.375", 0.375),
            _ when type == typeof(TimeSpan) => ("00:00:07", TimeSpan.FromSeconds(7)),
            _ => throw new InvalidOperationException($"no sample value for {type}"),
        };
    }

    private static object? Read(object options, string relative)
    {
        object? value = options;
        foreach (var part in relative.Split('.'))
        {
            var property = value!.GetType().GetProperties().Single(p => ConfigurationReference.SnakeCase(p.Name) == part);
            value = property.GetValue(value);
        }

        return value;
    }

    /// <summary>A scalar equals; a list contains the sample (defaults may stay beside it); a map holds the sample key.</summary>
    private static bool Matches(object? actual, object expected) => (actual, expected) switch
    {
        (IDictionary d, KeyValuePair<string, object> kv) => d.Contains(kv.Key) && Equals(d[kv.Key], kv.Value),
        (IList l, _) => l.Cast<object>().Contains(expected),
        _ => Equals(actual, expected),
    };

    private static string Describe(object? value) => value switch
    {
        null => "null",
        IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object>()) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
