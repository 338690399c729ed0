using Observability.Core.Documents;

namespace Observability.Pipelines.Compilation;

/// <summary>Small operations on document values shared by processors.</summary>
public static class FieldValues
{
    /// <summary>Adds a value to an array field (<c>tags</c>), keeping it unique; never mutates a shared list.</summary>
    public static void Append(EcsDocument doc, string field, object value, bool allowDuplicates = false)
    {
        var existing = doc[field];
        var list = new List<object?>();
        switch (existing)
        {
            case null:
                break;
            case string s:
                list.Add(s);
                break;
            case System.Collections.IEnumerable items:
                foreach (var item in items)
                {
                    list.Add(item);
                }

                break;
            default:
                list.Add(existing);
                break;
        }

        if (allowDuplicates || !list.Contains(value))
        {
            list.Add(value);
        }

        doc.Set(field, list);
    }
}
