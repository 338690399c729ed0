using Observability.Core.Documents;

namespace Observability.Detection.Alerting;

/// <summary>Compiles a KQL query into a predicate over ECS documents (used for KQL silences and log-query rules).</summary>
public interface IAlertQueryCompiler
{
    /// <summary>Throws <see cref="FormatException"/> with the position on a bad query.</summary>
    Func<EcsDocument, bool> Compile(string kql);
}
