using Observability.Core.Documents;
using Observability.Query.Evaluation;
using Observability.Query.Kql;

namespace Observability.Pipelines.Conditions;

/// <summary>
/// Pipeline conditions in the same KQL as <c>obs search</c>, Kibana and alert rules: parsed by
/// <see cref="KqlParser"/> and compiled once by <see cref="KqlEvaluator"/>, so a condition means in a
/// pipeline what it means in a search (text fields such as <c>message</c> match by tokens, keywords exactly).
/// </summary>
public sealed class KqlConditionCompiler(KqlOptions? options = null) : IConditionCompiler
{
    public Func<EcsDocument, bool> Compile(string kql)
    {
        try
        {
            return KqlEvaluator.Compile(KqlParser.Parse(kql), options);
        }
        catch (KqlSyntaxException e)
        {
            throw new FormatException(e.Message, e);
        }
    }
}
