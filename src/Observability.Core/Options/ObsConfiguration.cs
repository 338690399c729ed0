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
    /// Binds <paramref name="section"/> (dotted, e.g. <c>indexer</c>) onto a new <typeparamref name="T"/>. Keys may be
    /// written snake_case (<c>batch_size</c>) or as the property name (<c>BatchSize</c>): underscores are ignored when
    /// matching a property. Keys of a map (<c>kafka.extra</c>, <c>detection.gpu_features</c>) are kept as written.
    /// Unknown keys and values that do not convert fail naming the key as written.
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : new()
    {
        var options = new T();
        var prefix = section.Replace('.', ':');
        var s = configuration.GetSection(prefix);
        var written = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var normalized = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in s.AsEnumerable(makePathsRelative: true))
        {
            if (value is null)
            {
                continue;
            }

            var n = PropertyPath(typeof(T), key);
            normalized[n] = value;
            written[n] = key;
        }

        try
        {
            new ConfigurationBuilder().AddInMemoryCollection(normalized).Build().Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e)
        {
            throw new ObsConfigException(DescribeBinderError(section, e, written), e);
        }

        return options;
    }

    /// <summary>
    /// <c>series:fft_length</c> → <c>Series:FftLength</c>, following <paramref name="type"/>'s properties; a segment under a
    /// dictionary or list (a map key, an index) stays as written. Past an unknown segment, underscores are dropped so the
    /// binder reports the key as not found.
    /// </summary>
    private static string PropertyPath(Type type, string key)
    {
        var parts = key.Split(':');
        Type? current = type;
        for (var i = 0; i < parts.Length; i++)
        {
            if (current is null)
            {
                parts[i] = parts[i].Replace("_", string.Empty, StringComparison.Ordinal);
            }
            else if (ItemType(current) is { } item)
            {
                current = item; // parts[i] is a map key or a list index: as written
            }
            else
            {
                var name = parts[i].Replace("_", string.Empty, StringComparison.Ordinal);
                var property = current.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));
                parts[i] = property?.Name ?? name;
                current = property is null ? null : Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            }
        }

        return string.Join(':', parts);
    }

    /// <summary>The value type of a dictionary or the element type of a list/array; null for anything else.</summary>
    private static Type? ItemType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var generic = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IDictionary<,>))
              ?? type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return generic?.GetGenericArguments()[^1];
    }

    private static string DescribeBinderError(string section, InvalidOperationException e, Dictionary<string, string> written)
    {
        string Dotted(string normalizedKey) =>
            $"{section}.{(written.TryGetValue(normalizedKey, out var w) ? w : normalizedKey).Replace(':', '.')}";

        // "Failed to convert configuration value '0x' at 'batchsize' to type 'System.Int32'."
        const string convert = "Failed to convert configuration value '";
        var message = e.Message;
        var at = message.IndexOf(" at '", StringComparison.Ordinal);
        if (at >= 0)
        {
            var end = message.IndexOf('\'', at + 5);
            if (end > at)
            {
                var key = Dotted(message[(at + 5)..end]);
                var value = message.StartsWith(convert, StringComparison.Ordinal)
                    ? message[convert.Length..message.IndexOf('\'', convert.Length)]
                    : null;
                var type = message.LastIndexOf(" to type '", StringComparison.Ordinal) is var t and >= 0 ? message[(t + 10)..].TrimEnd('.', '\'') : null;
                return value is null ? $"{key} has an invalid value" : $"{key} has an invalid value '{value}'{(type is null ? string.Empty : $" (expected {type})")}";
            }
        }

        // "'ErrorOnUnknownConfiguration' was set on the provided BinderOptions, but the following properties were not
        // found on the instance of X: 'batchsze', 'foo'"
        var colon = message.LastIndexOf(':');
        if (message.Contains("were not found", StringComparison.Ordinal) && colon > 0)
        {
            var names = message[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(n => Dotted(n.Trim('\'')));
            return $"{string.Join(", ", names)} is not a known setting";
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
