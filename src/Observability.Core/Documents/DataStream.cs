namespace Observability.Core.Documents;

/// <summary>
/// A data stream name, <c>type-dataset-namespace</c>, as Elasticsearch data streams and our DuckDB tables use it.
/// Dataset and namespace may not contain '-'.
/// </summary>
public readonly record struct DataStream(string Type, string Dataset, string Namespace)
{
    public const string Logs = "logs";
    public const string Metrics = "metrics";
    public const string Traces = "traces";

    public string Name => $"{Type}-{Dataset}-{Namespace}";

    public override string ToString() => Name;

    public static DataStream For(EcsDocument doc, string defaultType = Logs)
    {
        var type = doc.GetString(EcsFields.DataStreamType) ?? defaultType;
        var dataset = doc.GetString(EcsFields.DataStreamDataset) ?? doc.GetString(EcsFields.EventDataset) ?? "generic";
        var ns = doc.GetString(EcsFields.DataStreamNamespace) ?? "default";
        return new DataStream(type, Sanitize(dataset), Sanitize(ns));
    }

    /// <summary>Lower-case, '-' and other forbidden characters replaced by '_' (as Elastic's routing does).</summary>
    public static string Sanitize(string part)
    {
        Span<char> buf = part.Length <= 256 ? stackalloc char[part.Length] : new char[part.Length];
        for (var i = 0; i < part.Length; i++)
        {
            var c = char.ToLowerInvariant(part[i]);
            buf[i] = c is '-' or '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or ' ' or ',' or '#' or ':' ? '_' : c;
        }

        return new string(buf);
    }
}
