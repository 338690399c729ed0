using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace Observability.Cli.Configuration;

/// <summary>
/// Reads the <c>&lt;summary&gt;</c> of properties from the XML documentation files the build writes next to each
/// assembly (<c>GenerateDocumentationFile</c>), as plain text: <c>&lt;c&gt;x&lt;/c&gt;</c> becomes <c>`x`</c> and a
/// <c>&lt;see cref&gt;</c> its last name. A missing file gives empty summaries, never an error.
/// </summary>
internal sealed class XmlDocSummaries
{
    private readonly Dictionary<Assembly, Dictionary<string, string>> _byAssembly = [];

    public string Of(PropertyInfo property)
    {
        var type = property.DeclaringType!;
        var members = Load(type.Assembly);
        return members.TryGetValue($"P:{type.FullName!.Replace('+', '.')}.{property.Name}", out var text) ? text : string.Empty;
    }

    private Dictionary<string, string> Load(Assembly assembly)
    {
        if (_byAssembly.TryGetValue(assembly, out var cached))
        {
            return cached;
        }

        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (File.Exists(path))
        {
            foreach (var member in XDocument.Load(path).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                {
                    members[name] = PlainText(summary);
                }
            }
        }

        _byAssembly[assembly] = members;
        return members;
    }

    private static string PlainText(XElement summary)
    {
        var text = new StringBuilder();
        foreach (var node in summary.Nodes())
        {
            switch (node)
            {
                case XText t:
                    text.Append(t.Value);
                    break;
                case XElement { Name.LocalName: "c" } c:
                    text.Append('`').Append(c.Value).Append('`');
                    break;
                case XElement { Name.LocalName: "see" or "seealso" } see:
                    var reference = see.Attribute("cref")?.Value ?? see.Attribute("langword")?.Value ?? see.Value;
                    text.Append('`').Append(reference[(reference.LastIndexOfAny([':', '.']) + 1)..]).Append('`');
                    break;
                case XElement { Name.LocalName: "paramref" or "typeparamref" } p:
                    text.Append('`').Append(p.Attribute("name")?.Value).Append('`');
                    break;
                case XElement other:
                    text.Append(other.Value);
                    break;
            }
        }

        // One line per property in a Markdown table: collapse the source's line breaks and indentation.
        return string.Join(' ', text.ToString().Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries)).Replace("|", "\\|", StringComparison.Ordinal);
    }
}
