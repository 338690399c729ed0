using System.Globalization;
using System.Text;
using Observability.Core.Documents;
using Observability.Core.Json;

namespace Observability.Cli.Commands.Search;

/// <summary>Writes hits as one line each: time, level, host, service, message (or the chosen fields), or as NDJSON.</summary>
internal sealed class HitPrinter(TextWriter output, bool json, IReadOnlyList<string>? fields)
{
    public void Print(EcsDocument hit)
    {
        if (json)
        {
            output.WriteLine(EcsJson.ToJson(hit));
            return;
        }

        var sb = new StringBuilder();
        sb.Append(hit.Timestamp is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) : "-");
        if (fields is { Count: > 0 })
        {
            foreach (var (name, value) in hit.Fields.Where(f => f.Key is not (EcsFields.Timestamp or EcsFields.EventId)).OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                sb.Append("  ").Append(name).Append('=').Append(Format(value));
            }
        }
        else
        {
            sb.Append("  ").Append((hit.GetString(EcsFields.LogLevel) ?? "-").PadRight(5));
            sb.Append("  ").Append(hit.GetString(EcsFields.HostName) ?? "-");
            sb.Append("  ").Append(hit.GetString(EcsFields.ServiceName) ?? "-");
            sb.Append("  ").Append(OneLine(hit.Message ?? string.Empty));
        }

        output.WriteLine(sb.ToString());
    }

    private static string Format(object? value) => value switch
    {
        null => "null",
        string s => s.Contains(' ', StringComparison.Ordinal) ? "\"" + OneLine(s) + "\"" : OneLine(s),
        System.Collections.IEnumerable list => "[" + string.Join(",", list.Cast<object?>().Select(Format)) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static string OneLine(string s) => s.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
