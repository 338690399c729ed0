using Observability.Core.Documents;
using Observability.Pipelines.Compilation;
using Observability.Pipelines.Definition;

namespace Observability.Pipelines.Processors;

/// <summary>
/// <c>rename</c>: moves <c>field</c> to <c>target_field</c>. Fails when the target exists unless
/// <c>override: true</c>; <c>ignore_missing</c> skips events without the field. A prefix rename
/// (<c>field: _json.*</c>, <c>target_field: '*'</c> for the root or <c>labels.*</c>) moves every field under
/// the prefix and never fails for having none.
/// </summary>
public sealed class RenameProcessor(string field, string target, bool ignoreMissing, bool overwrite) : Processor
{
    private readonly string? _fromPrefix = field.EndsWith(".*", StringComparison.Ordinal) ? field[..^1] : null;
    private readonly string? _toPrefix = target == "*" ? string.Empty : target.EndsWith(".*", StringComparison.Ordinal) ? target[..^1] : null;

    public static Processor Create(ProcessorOptions o, ProcessorContext context)
    {
        var field = o.RequireString("field");
        var target = o.RequireString("target_field");
        if (field.EndsWith(".*", StringComparison.Ordinal) != (target == "*" || target.EndsWith(".*", StringComparison.Ordinal)))
        {
            throw o.Error("target_field", "a prefix rename needs both 'field: prefix.*' and 'target_field: other.*' (or '*' for the root)");
        }

        return new RenameProcessor(field, target, o.GetBool("ignore_missing", false), o.GetBool("override", false));
    }

    public override StepResult Execute(EcsDocument document)
    {
        if (_fromPrefix is not null)
        {
            return RenamePrefix(document, _fromPrefix, _toPrefix!);
        }

        if (!document.TryGet(field, out var value))
        {
            return Missing(field, ignoreMissing);
        }

        if (!overwrite && document.Contains(target))
        {
            return StepResult.Fail($"field [{target}] already exists");
        }

        document.Remove(field);
        document.Set(target, value);
        return StepResult.Ok;
    }

    private StepResult RenamePrefix(EcsDocument document, string from, string to)
    {
        var moves = document.Fields.Where(f => f.Key.StartsWith(from, StringComparison.Ordinal)).ToList();
        foreach (var (name, value) in moves)
        {
            var newName = to + name[from.Length..];
            if (!overwrite && document.Contains(newName))
            {
                return StepResult.Fail($"field [{newName}] already exists");
            }

            document.Remove(name);
            document.Set(newName, value);
        }

        return StepResult.Ok;
    }
}
