using Observability.Core.Documents;

namespace Observability.Pipelines.Conditions;

/// <summary>Turns a pipeline's <c>if:</c> KQL string into a predicate, once, at load time.</summary>
public interface IConditionCompiler
{
    /// <exception cref="FormatException">The condition is not valid KQL; the message says where.</exception>
    Func<EcsDocument, bool> Compile(string kql);
}
