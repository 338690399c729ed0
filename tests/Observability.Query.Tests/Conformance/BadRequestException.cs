namespace Observability.Query.Tests.Conformance;

/// <summary>What Elasticsearch would answer with HTTP 400 (<see cref="EsDslEvaluator"/>).</summary>
internal sealed class BadRequestException(string message) : Exception(message);
