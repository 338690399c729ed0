using Observability.Core.Documents;
using Observability.Query.Evaluation;
using Observability.Query.Kql;

namespace Observability.Detection.Alerting;

/// <summary>KQL through the query project's parser and in-memory evaluator.</summary>
public sealed class KqlAlertQueryCompiler : IAlertQueryCompiler
{
    // Our own instance: KqlOptions.Default is initialised before its static field kinds (a static-order bug
    // reported to the query helper), so its FieldKinds is null; an instance made later is complete.
    private readonly KqlOptions _options = new();

    public Func<EcsDocument, bool> Compile(string kql)
    {
        try
        {
            return KqlEvaluator.Compile(kql, _options);
        }
        catch (Exception e) when (e is not FormatException)
        {
            throw new FormatException($"invalid KQL '{kql}': {e.Message}", e);
        }
    }
}
