using Observability.Core.Documents;

namespace Observability.Pipelines.Compilation;

/// <summary>Small operations on document values shared by processors.</summary>
public static class FieldValues
{
    /// <summary>Whether some field's name starts with <paramref name="prefix"/>.</summary>
    public static bool AnyFieldStartsWith(EcsDocument doc, string prefix)
    {
        if (doc.FieldNames is Dictionary<string, object?>.KeyCollection names)
        {
            // The document's own dictionary: enumerated without boxing its enumerator (conditions run on every event).
            foreach (var name in names)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        return doc.FieldNames.Any(name => name.StartsWith(prefix, StringComparison.Ordinal));
    }

    /// <summary>Removes every field whose name starts with <paramref name="prefix"/>.</summary>
    public static void RemoveFieldsStartingWith(EcsDocument doc, string prefix)
    {
        if (doc.FieldNames is Dictionary<string, object?>.KeyCollection names)
        {
            // A Dictionary may be removed from while it is enumerated (.NET Core 3.0 on), so no copy of the names.
            foreach (var name in names)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    doc.Remove(name);
                }
            }

            return;
        }

        foreach (var name in doc.FieldNames.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            doc.Remove(name);
        }
    }

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
