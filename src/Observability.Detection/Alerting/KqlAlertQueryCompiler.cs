using Observability.Core.Documents;
using Observability.Query.Evaluation;

namespace Observability.Detection.Alerting;

/// <summary>KQL through the query project's parser and in-memory evaluator.</summary>
public sealed class KqlAlertQueryCompiler : IAlertQueryCompiler
{
    public Func<EcsDocument, bool> Compile(string kql)
    {
        try
        {
            return KqlEvaluator.Compile(kql);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException($"invalid KQL '{kql}': {e.Message}", e);
        }
    }
}
