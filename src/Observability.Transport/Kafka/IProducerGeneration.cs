using Confluent.Kafka;

namespace Observability.Transport.Kafka;

/// <summary>
/// One librdkafka producer handle as <see cref="ProducerGenerations{THandle}"/> manages it: producing loops enter and
/// leave it, the first fatal error closes it, and <see cref="ShutdownAsync"/> retires it without leaving a batch hanging.
/// </summary>
internal interface IProducerGeneration
{
    /// <summary>1 for the first handle, one more for each replacement.</summary>
    int Generation { get; }

    /// <summary>Why the handle takes no more messages (its fatal error, or the producer's closing); null while usable.</summary>
    Error? ClosedBy { get; }

    /// <summary>Batches with messages on this handle whose reports are not all in yet.</summary>
    int WaitingBatches { get; }

    /// <summary>Stops new messages; true only for the first caller, which owns the replacement and the shutdown.</summary>
    bool TryClose(Error reason);

    /// <summary>A producing loop starts using the handle; false when it is closed (take the next generation).</summary>
    bool TryEnter();

    void Exit();

    /// <summary>After <see cref="TryClose"/>: waits for producing loops, drains up to <paramref name="drain"/>, destroys the handle, fails the batches still waiting; returns the messages left undelivered.</summary>
    Task<int> ShutdownAsync(TimeSpan drain, Error abandonWith);
}
