using System.Globalization;
using Microsoft.Extensions.Configuration;
using YamlDotNet.RepresentationModel;

namespace Observability.Core.Options;

/// <summary>
/// Loads <c>obs.yml</c> (YAML, snake_case keys) into <see cref="IConfiguration"/> and binds sections to options
/// classes, turning every binder error into an <see cref="ObsConfigException"/> that names the dotted key.
/// Precedence: defaults in the options classes, then the YAML file, then <c>OBS__SECTION__KEY</c> environment
/// variables, then explicit overrides (command-line flags).
/// </summary>
public static class ObsConfiguration
{
    public static IConfigurationRoot Load(string? yamlPath, IReadOnlyDictionary<string, string?>? overrides = null, bool environment = true)
    {
        var builder = new ConfigurationBuilder();
        if (yamlPath is not null)
        {
            if (!File.Exists(yamlPath))
            {
                throw new ObsConfigException($"config file {yamlPath} does not exist");
            }

            builder.AddInMemoryCollection(ReadYaml(yamlPath));
        }

        if (environment)
        {
            builder.AddEnvironmentVariables("OBS__");
        }

        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    /// <summary>Flattens a YAML file into configuration keys (<c>indexer:batch_size</c>); sequences become <c>key:0</c>, <c>key:1</c>.</summary>
    public static Dictionary<string, string?> ReadYaml(string path)
    {
        var yaml = new YamlStream();
        try
        {
            using var reader = new StreamReader(path);
            yaml.Load(reader);
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ObsConfigException($"{path}: invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {e.Message}", e);
        }

        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (yaml.Documents.Count > 0)
        {
            Flatten(yaml.Documents[0].RootNode, prefix: null, result, path);
        }

        return result;
    }

    /// <summary>
    /// Binds <paramref name="section"/> (dotted, e.g. <c>indexer</c>) onto a new <typeparamref name="T"/>. Unknown keys
    /// and values that do not convert fail naming the key.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        var s = configuration.GetSection(section.Replace('.', ':'));
        try
        {
            s.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new ObsConfigException(DescribeBinderError(section, e), e);
        }

        return options;
    }

    private static string DescribeBinderError(string section, InvalidOperationException e)
    {
        // The binder says "Failed to convert configuration value '0x' at 'indexer:batch_size' to type 'System.Int32'."
        // or "'Foo' was not found on type 'X'" / "... found in 'indexer'". Rewrite its ':' paths as dotted keys.
        var message = e.Message;
        var at = message.IndexOf(" at '", StringComparison.Ordinal);
        if (at >= 0)
        {
            var end = message.IndexOf('\'', at + 5);
            if (end > at)
            {
                var key = message[(at + 5)..end].Replace(':', '.');
                var value = message.StartsWith("Failed to convert configuration value '", StringComparison.Ordinal)
                    ? message["Failed to convert configuration value '".Length..message.IndexOf('\'', "Failed to convert configuration value '".Length)]
                    : null;
                return value is null ? $"{key} has an invalid value" : $"{key} has an invalid value '{value}'";
            }
        }

        if (message.Contains("were not found on type", StringComparison.Ordinal) || message.Contains("was not found on type", StringComparison.Ordinal))
        {
            var open = message.IndexOf('\'', StringComparison.Ordinal);
            var close = open >= 0 ? message.IndexOf('\'', open + 1) : -1;
            var names = open >= 0 && close > open ? message[(open + 1)..close] : "?";
            var keys = string.Join(", ", names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => $"{section}.{n}"));
            return $"{keys} is not a known setting";
        }

        return $"{section}: {message}";
    }

    private static void Flatten(YamlNode node, string? prefix, Dictionary<string, string?> into, string path)
    {
        switch (node)
        {
            case YamlMappingNode map:
                foreach (var (k, v) in map.Children)
                {
                    var name = ((YamlScalarNode)k).Value ?? string.Empty;
                    Flatten(v, prefix is null ? name : $"{prefix}:{name}", into, path);
                }

                break;
            case YamlSequenceNode seq:
                for (var i = 0; i < seq.Children.Count; i++)
                {
                    Flatten(seq.Children[i], $"{prefix}:{i.ToString(CultureInfo.InvariantCulture)}", into, path);
                }

                break;
            case YamlScalarNode scalar:
                if (prefix is null)
                {
                    throw new ObsConfigException($"{path}: the top level must be a mapping of sections");
                }

                into[prefix] = scalar.Value;
                break;
        }
    }
}
