namespace Observability.Training.Specs;

/// <summary>A job spec that cannot run; the message names the key.</summary>
public sealed class JobSpecException : Exception
{
    public JobSpecException() { }

    public JobSpecException(string message) : base(message) { }

    public JobSpecException(string message, Exception inner) : base(message, inner) { }
}
